-- CreateTable
CREATE TABLE "Round" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "guildId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "starterId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL,
    "questionCount" INTEGER NOT NULL,
    "secondsPerQuestion" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "endReason" TEXT
);

-- CreateTable
CREATE TABLE "ChannelRound" (
    "channelId" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "RoundQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "choiceOrder" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "deadlineAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "messageId" TEXT,
    CONSTRAINT "RoundQuestion_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoundResult" (
    "roundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "bestStreak" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,

    PRIMARY KEY ("roundId", "userId"),
    CONSTRAINT "RoundResult_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Round_status_idx" ON "Round"("status");

-- CreateIndex
CREATE INDEX "Round_guildId_startedAt_idx" ON "Round"("guildId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelRound_roundId_key" ON "ChannelRound"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundQuestion_roundId_index_key" ON "RoundQuestion"("roundId", "index");
