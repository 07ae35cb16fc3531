-- AlterTable
ALTER TABLE "Guild" ADD COLUMN     "removedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Guild_removedAt_idx" ON "Guild"("removedAt");
