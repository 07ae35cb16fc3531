-- CreateTable
CREATE TABLE "QuestionDay" (
    "guildId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,

    PRIMARY KEY ("guildId", "day", "questionId")
);

-- CreateTable
CREATE TABLE "StudyPlan" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "template" TEXT NOT NULL,
    "pausedAt" DATETIME,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PlanWeek" (
    "guildId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "tags" TEXT NOT NULL,

    PRIMARY KEY ("guildId", "number"),
    CONSTRAINT "PlanWeek_guildId_fkey" FOREIGN KEY ("guildId") REFERENCES "StudyPlan" ("guildId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WeeklyRecap" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "guildId" TEXT NOT NULL,
    "weekKey" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "messageId" TEXT,
    "failedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "WeeklyRecap_guildId_createdAt_idx" ON "WeeklyRecap"("guildId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyRecap_guildId_weekKey_key" ON "WeeklyRecap"("guildId", "weekKey");
