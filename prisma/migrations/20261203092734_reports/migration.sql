-- CreateTable
CREATE TABLE "Report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "questionId" TEXT NOT NULL,
    "bankVersion" TEXT NOT NULL,
    "guildId" TEXT,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "open" BOOLEAN DEFAULT true,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "closedBy" TEXT,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "QuestionHide" (
    "guildId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "hiddenBy" TEXT NOT NULL,
    "hiddenAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "questionId")
);

-- CreateIndex
CREATE INDEX "Report_guildId_status_questionId_idx" ON "Report"("guildId", "status", "questionId");

-- CreateIndex
CREATE INDEX "Report_questionId_idx" ON "Report"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "Report_userId_questionId_open_key" ON "Report"("userId", "questionId", "open");
