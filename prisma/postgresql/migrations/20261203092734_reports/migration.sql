-- CreateTable
CREATE TABLE "Report" (
    "id" SERIAL NOT NULL,
    "questionId" TEXT NOT NULL,
    "bankVersion" TEXT NOT NULL,
    "guildId" TEXT,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "open" BOOLEAN DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedBy" TEXT,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionHide" (
    "guildId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "hiddenBy" TEXT NOT NULL,
    "hiddenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuestionHide_pkey" PRIMARY KEY ("guildId","questionId")
);

-- CreateIndex
CREATE INDEX "Report_guildId_status_questionId_idx" ON "Report"("guildId", "status", "questionId");

-- CreateIndex
CREATE INDEX "Report_questionId_idx" ON "Report"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "Report_userId_questionId_open_key" ON "Report"("userId", "questionId", "open");
