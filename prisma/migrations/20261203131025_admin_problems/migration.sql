-- CreateTable
CREATE TABLE "AdminProblem" (
    "guildId" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "toldAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "problem")
);

-- CreateIndex
CREATE INDEX "AdminProblem_guildId_channelId_idx" ON "AdminProblem"("guildId", "channelId");
