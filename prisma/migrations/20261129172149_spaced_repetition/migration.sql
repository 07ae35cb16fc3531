-- CreateTable
CREATE TABLE "ReviewCard" (
    "userId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "due" DATETIME NOT NULL,
    "stability" REAL NOT NULL,
    "difficulty" REAL NOT NULL,
    "elapsedDays" INTEGER NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "learningSteps" INTEGER NOT NULL,
    "reps" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "lastReview" DATETIME,
    "lastAnswerId" INTEGER NOT NULL,

    PRIMARY KEY ("userId", "questionId")
);

-- CreateTable
CREATE TABLE "ReviewPrefs" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "retention" REAL NOT NULL DEFAULT 0.9
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PracticeShowing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "guildId" TEXT,
    "questionId" TEXT NOT NULL,
    "choiceOrder" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'practice',
    "topic" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "shownAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PracticeShowing_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PracticeShowing" ("choiceOrder", "difficulty", "guildId", "id", "locale", "questionId", "shownAt", "topic", "userId") SELECT "choiceOrder", "difficulty", "guildId", "id", "locale", "questionId", "shownAt", "topic", "userId" FROM "PracticeShowing";
DROP TABLE "PracticeShowing";
ALTER TABLE "new_PracticeShowing" RENAME TO "PracticeShowing";
CREATE INDEX "PracticeShowing_userId_questionId_idx" ON "PracticeShowing"("userId", "questionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReviewCard_userId_due_idx" ON "ReviewCard"("userId", "due");
