-- CreateTable
CREATE TABLE "AdminProblem" (
    "guildId" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "toldAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminProblem_pkey" PRIMARY KEY ("guildId","problem")
);

-- CreateIndex
CREATE INDEX "AdminProblem_guildId_channelId_idx" ON "AdminProblem"("guildId", "channelId");
