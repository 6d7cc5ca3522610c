-- Registrations were stored in clear (section and bidder side by side). They cannot be sealed here,
-- since the database does not hold the key: they move to "UnsealedRegistration", each with the
-- notifications the bidder had read, and the server seals them into the new
-- "SectionRegistration" at start-up and deletes them. Notifications are no longer stored (a row per
-- registered bidder, written with the amendment, told a database administrator who registered):
-- they are derived from the sealed registrations and the public amendments, and only the fact that
-- one was read is stored, under an opaque tag.

-- AlterTable
ALTER TABLE "SectionRegistration" DROP CONSTRAINT "SectionRegistration_sectionId_fkey";
ALTER TABLE "SectionRegistration" DROP CONSTRAINT "SectionRegistration_bidderOrgId_fkey";
DROP INDEX "SectionRegistration_bidderOrgId_idx";
ALTER TABLE "SectionRegistration" RENAME TO "UnsealedRegistration";
ALTER TABLE "UnsealedRegistration" RENAME CONSTRAINT "SectionRegistration_pkey" TO "UnsealedRegistration_pkey";
ALTER TABLE "UnsealedRegistration" ADD COLUMN "reads" JSONB NOT NULL DEFAULT '[]';

UPDATE "UnsealedRegistration" r
   SET "reads" = COALESCE((
     SELECT jsonb_agg(jsonb_build_object('version', (n."data"->>'version')::int, 'readAt', n."readAt") ORDER BY n."readAt")
       FROM "Notification" n
      WHERE n."orgId" = r."bidderOrgId"
        AND n."data"->>'sectionId' = r."sectionId"::text
        AND n."data"->>'version' IS NOT NULL
        AND n."readAt" IS NOT NULL), '[]');

-- DropTable
DROP TABLE "Notification";

-- DropEnum
DROP TYPE "NotificationKind";

-- AlterTable
ALTER TABLE "Section" ADD COLUMN "questionCutoffDays" INTEGER NOT NULL DEFAULT 0;

-- CreateEnum
CREATE TYPE "TenderDocumentStatus" AS ENUM ('DRAFT', 'STAGED', 'CURRENT', 'SUPERSEDED');

-- CreateTable
CREATE TABLE "SectionRegistration" (
    "id" UUID NOT NULL,
    "tag" CHAR(64) NOT NULL,
    "sectionSlot" CHAR(64) NOT NULL,
    "bidderSlot" CHAR(64) NOT NULL,
    "sealed" TEXT NOT NULL,

    CONSTRAINT "SectionRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRead" (
    "tag" CHAR(64) NOT NULL,
    "readAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationRead_pkey" PRIMARY KEY ("tag")
);

-- CreateTable
CREATE TABLE "TenderDocument" (
    "id" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size" BIGINT NOT NULL,
    "status" "TenderDocumentStatus" NOT NULL,
    "publishedVersion" INTEGER,
    "supersededVersion" INTEGER,
    "replacesId" UUID,
    "uploadedById" UUID NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TenderDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Question" (
    "id" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "askerSealed" TEXT NOT NULL,
    "askedAt" TIMESTAMPTZ(3) NOT NULL,
    "answer" TEXT,
    "answeredVersion" INTEGER,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SectionRegistration_tag_key" ON "SectionRegistration"("tag");

-- CreateIndex
CREATE UNIQUE INDEX "SectionRegistration_sectionSlot_key" ON "SectionRegistration"("sectionSlot");

-- CreateIndex
CREATE UNIQUE INDEX "SectionRegistration_bidderSlot_key" ON "SectionRegistration"("bidderSlot");

-- CreateIndex
CREATE INDEX "TenderDocument_sectionId_status_idx" ON "TenderDocument"("sectionId", "status");

-- CreateIndex
CREATE INDEX "Question_sectionId_askedAt_idx" ON "Question"("sectionId", "askedAt");

-- AddForeignKey
ALTER TABLE "TenderDocument" ADD CONSTRAINT "TenderDocument_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;
