-- AlterTable
ALTER TABLE "Question" ADD COLUMN "guildId" TEXT;
ALTER TABLE "Question" ADD COLUMN "packId" TEXT;

-- CreateTable
CREATE TABLE "ServerSetting" (
    "guildId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "key")
);

-- CreateTable
CREATE TABLE "Pack" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "guildId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "questionCount" INTEGER NOT NULL,
    "importedBy" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Pack_guildId_name_key" ON "Pack"("guildId", "name");

-- CreateIndex
CREATE INDEX "Question_guildId_retiredAt_idx" ON "Question"("guildId", "retiredAt");
