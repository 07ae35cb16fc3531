-- CreateTable
CREATE TABLE "Guild" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Guild_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("guildId","userId")
);

-- CreateTable
CREATE TABLE "Question" (
    "id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "answer" INTEGER NOT NULL,
    "choiceCount" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "retiredAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "guildId" TEXT,
    "packId" TEXT,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PracticeShowing" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "guildId" TEXT,
    "questionId" TEXT NOT NULL,
    "choiceOrder" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'practice',
    "topic" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "shownAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PracticeShowing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "guildId" TEXT,
    "questionId" TEXT NOT NULL,
    "choiceIndex" INTEGER NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "responseMs" INTEGER NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Meta_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Round" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "starterId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL,
    "questionCount" INTEGER NOT NULL,
    "secondsPerQuestion" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "endReason" TEXT,

    CONSTRAINT "Round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelRound" (
    "channelId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,

    CONSTRAINT "ChannelRound_pkey" PRIMARY KEY ("channelId")
);

-- CreateTable
CREATE TABLE "RoundQuestion" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "choiceOrder" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "deadlineAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "messageId" TEXT,

    CONSTRAINT "RoundQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundResult" (
    "roundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "bestStreak" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,

    CONSTRAINT "RoundResult_pkey" PRIMARY KEY ("roundId","userId")
);

-- CreateTable
CREATE TABLE "DailySettings" (
    "guildId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "topic" TEXT NOT NULL DEFAULT 'any',
    "difficulty" TEXT NOT NULL DEFAULT 'any',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT NOT NULL DEFAULT 'en-US',
    "problem" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailySettings_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "DailyChallenge" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "localDate" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "choiceOrder" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "messageId" TEXT,
    "threadId" TEXT,
    "closedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),

    CONSTRAINT "DailyChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewCard" (
    "userId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "due" TIMESTAMP(3) NOT NULL,
    "stability" DOUBLE PRECISION NOT NULL,
    "difficulty" DOUBLE PRECISION NOT NULL,
    "elapsedDays" INTEGER NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "learningSteps" INTEGER NOT NULL,
    "reps" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "lastReview" TIMESTAMP(3),
    "lastAnswerId" INTEGER NOT NULL,

    CONSTRAINT "ReviewCard_pkey" PRIMARY KEY ("userId","questionId")
);

-- CreateTable
CREATE TABLE "ReviewPrefs" (
    "userId" TEXT NOT NULL,
    "retention" DOUBLE PRECISION NOT NULL DEFAULT 0.9,

    CONSTRAINT "ReviewPrefs_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Score" (
    "guildId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "answers" INTEGER NOT NULL,
    "reachedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("guildId","period","topic","userId")
);

-- CreateTable
CREATE TABLE "MemberStat" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,

    CONSTRAINT "MemberStat_pkey" PRIMARY KEY ("guildId","userId","kind","key")
);

-- CreateTable
CREATE TABLE "DailyStreak" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "run" INTEGER NOT NULL,
    "best" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL,
    "reachedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyStreak_pkey" PRIMARY KEY ("guildId","userId")
);

-- CreateTable
CREATE TABLE "ServerSetting" (
    "guildId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServerSetting_pkey" PRIMARY KEY ("guildId","key")
);

-- CreateTable
CREATE TABLE "Pack" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "questionCount" INTEGER NOT NULL,
    "importedBy" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Pack_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Question_topic_difficulty_idx" ON "Question"("topic", "difficulty");

-- CreateIndex
CREATE INDEX "Question_guildId_retiredAt_idx" ON "Question"("guildId", "retiredAt");

-- CreateIndex
CREATE INDEX "PracticeShowing_userId_questionId_idx" ON "PracticeShowing"("userId", "questionId");

-- CreateIndex
CREATE INDEX "Answer_guildId_answeredAt_questionId_correct_idx" ON "Answer"("guildId", "answeredAt", "questionId", "correct");

-- CreateIndex
CREATE INDEX "Answer_userId_questionId_idx" ON "Answer"("userId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_source_sourceId_userId_key" ON "Answer"("source", "sourceId", "userId");

-- CreateIndex
CREATE INDEX "Round_status_idx" ON "Round"("status");

-- CreateIndex
CREATE INDEX "Round_guildId_startedAt_idx" ON "Round"("guildId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelRound_roundId_key" ON "ChannelRound"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundQuestion_roundId_index_key" ON "RoundQuestion"("roundId", "index");

-- CreateIndex
CREATE INDEX "DailyChallenge_guildId_closedAt_idx" ON "DailyChallenge"("guildId", "closedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DailyChallenge_guildId_localDate_key" ON "DailyChallenge"("guildId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "DailyChallenge_guildId_number_key" ON "DailyChallenge"("guildId", "number");

-- CreateIndex
CREATE INDEX "ReviewCard_userId_due_idx" ON "ReviewCard"("userId", "due");

-- CreateIndex
CREATE INDEX "Score_guildId_period_topic_points_reachedAt_idx" ON "Score"("guildId", "period", "topic", "points" DESC, "reachedAt");

-- CreateIndex
CREATE INDEX "DailyStreak_guildId_lastNumber_run_reachedAt_idx" ON "DailyStreak"("guildId", "lastNumber", "run" DESC, "reachedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Pack_guildId_name_key" ON "Pack"("guildId", "name");

-- AddForeignKey
ALTER TABLE "PracticeShowing" ADD CONSTRAINT "PracticeShowing_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundQuestion" ADD CONSTRAINT "RoundQuestion_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundResult" ADD CONSTRAINT "RoundResult_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
