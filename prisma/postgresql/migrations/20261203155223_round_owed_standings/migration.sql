-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "owed" TEXT;

-- CreateIndex
CREATE INDEX "Round_owed_idx" ON "Round"("owed");
