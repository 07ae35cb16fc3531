-- CreateTable
CREATE TABLE "QuestionDay" (
    "guildId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,

    CONSTRAINT "QuestionDay_pkey" PRIMARY KEY ("guildId","day","questionId")
);

-- CreateTable
CREATE TABLE "StudyPlan" (
    "guildId" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "pausedAt" TIMESTAMP(3),
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudyPlan_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "PlanWeek" (
    "guildId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "tags" TEXT NOT NULL,

    CONSTRAINT "PlanWeek_pkey" PRIMARY KEY ("guildId","number")
);

-- CreateTable
CREATE TABLE "WeeklyRecap" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "weekKey" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "messageId" TEXT,
    "failedAt" TIMESTAMP(3),

    CONSTRAINT "WeeklyRecap_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WeeklyRecap_guildId_createdAt_idx" ON "WeeklyRecap"("guildId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyRecap_guildId_weekKey_key" ON "WeeklyRecap"("guildId", "weekKey");

-- AddForeignKey
ALTER TABLE "PlanWeek" ADD CONSTRAINT "PlanWeek_guildId_fkey" FOREIGN KEY ("guildId") REFERENCES "StudyPlan"("guildId") ON DELETE CASCADE ON UPDATE CASCADE;
