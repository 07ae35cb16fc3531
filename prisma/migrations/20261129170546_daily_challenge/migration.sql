-- CreateTable
CREATE TABLE "DailySettings" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "channelId" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "topic" TEXT NOT NULL DEFAULT 'any',
    "difficulty" TEXT NOT NULL DEFAULT 'any',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT NOT NULL DEFAULT 'en-US',
    "problem" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DailyChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "guildId" TEXT NOT NULL,
    "localDate" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "choiceOrder" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "messageId" TEXT,
    "threadId" TEXT,
    "closedAt" DATETIME,
    "failedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "DailyChallenge_guildId_closedAt_idx" ON "DailyChallenge"("guildId", "closedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DailyChallenge_guildId_localDate_key" ON "DailyChallenge"("guildId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "DailyChallenge_guildId_number_key" ON "DailyChallenge"("guildId", "number");
