-- DropIndex
DROP INDEX "Answer_guildId_answeredAt_idx";

-- CreateIndex
CREATE INDEX "Answer_guildId_answeredAt_questionId_correct_idx" ON "Answer"("guildId", "answeredAt", "questionId", "correct");
