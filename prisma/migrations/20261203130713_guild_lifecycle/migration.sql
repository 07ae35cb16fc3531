-- AlterTable
ALTER TABLE "Guild" ADD COLUMN "removedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Guild_removedAt_idx" ON "Guild"("removedAt");
