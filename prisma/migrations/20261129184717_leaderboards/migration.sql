-- CreateTable
CREATE TABLE "Score" (
    "guildId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "answers" INTEGER NOT NULL,
    "reachedAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "period", "topic", "userId")
);

-- CreateTable
CREATE TABLE "MemberStat" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,

    PRIMARY KEY ("guildId", "userId", "kind", "key")
);

-- CreateTable
CREATE TABLE "DailyStreak" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "run" INTEGER NOT NULL,
    "best" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL,
    "reachedAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "userId")
);

-- CreateIndex
CREATE INDEX "Score_guildId_period_topic_points_reachedAt_idx" ON "Score"("guildId", "period", "topic", "points" DESC, "reachedAt");

-- CreateIndex
CREATE INDEX "DailyStreak_guildId_lastNumber_run_reachedAt_idx" ON "DailyStreak"("guildId", "lastNumber", "run" DESC, "reachedAt");
