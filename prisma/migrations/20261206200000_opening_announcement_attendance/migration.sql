-- AlterTable
ALTER TABLE "Opening" ADD COLUMN     "nextAnnounceAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "OpeningParticipant" ADD COLUMN     "announcedAt" TIMESTAMPTZ(3);

-- Bids of openings announced before announcements were paced were all announced when confirmation began.
UPDATE "OpeningParticipant" p SET "announcedAt" = o."confirmEndsAt" - make_interval(mins => o."confirmMinutes")
  FROM "Opening" o WHERE o."sectionId" = p."sectionId" AND o."confirmEndsAt" IS NOT NULL;

-- CreateTable
CREATE TABLE "OpeningAttendance" (
    "sectionId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "name" TEXT NOT NULL,
    "orgName" TEXT,
    "firstJoinedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OpeningAttendance_pkey" PRIMARY KEY ("sectionId","userId")
);

-- AddForeignKey
ALTER TABLE "OpeningAttendance" ADD CONSTRAINT "OpeningAttendance_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Opening"("sectionId") ON DELETE CASCADE ON UPDATE CASCADE;
