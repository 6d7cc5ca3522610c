-- When the opening next needs the clock (derived from its state and times at every change, by
-- the state timetable in contracts): the driver reads only the due rows, by this index.
ALTER TABLE "Opening" ADD COLUMN "nextDueAt" TIMESTAMPTZ(3);
-- Which node drives the opening's due work until when, and the fencing token that grows with
-- every change of owner: a node that stalled and lost the lease finds its token stale.
ALTER TABLE "Opening" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Opening" ADD COLUMN "leaseUntil" TIMESTAMPTZ(3);
ALTER TABLE "Opening" ADD COLUMN "leaseToken" INTEGER NOT NULL DEFAULT 0;
-- Due work that failed in a row, for the backoff.
ALTER TABLE "Opening" ADD COLUMN "failures" INTEGER NOT NULL DEFAULT 0;

UPDATE "Opening" SET "nextDueAt" = CASE state
  WHEN 'SCHEDULED' THEN "signInAt"
  WHEN 'SIGN_IN' THEN "deadlineAt"
  WHEN 'DEADLINE' THEN "autoStartAt"
  WHEN 'DECRYPTING' THEN COALESCE("extendedUntil", "decryptEndsAt")
  WHEN 'ANNOUNCING' THEN "nextAnnounceAt"
  WHEN 'CONFIRMING' THEN "confirmEndsAt"
  ELSE NULL END;

CREATE INDEX "Opening_nextDueAt_idx" ON "Opening"("nextDueAt");

-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'DEAD');

-- Work that must happen once after a commit (issuing a record, a call to a bank), written in the
-- same transaction as the change that causes it and run by a worker on any node.
CREATE TABLE "Job" (
    "id" UUID NOT NULL,
    "queue" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "state" "JobState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "doneAt" TIMESTAMPTZ(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Job_queue_key_key" ON "Job"("queue", "key");
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

-- Openings already over whose record is not issued get their job now.
INSERT INTO "Job" ("id", "queue", "key", "payload", "maxAttempts", "runAt", "createdAt", "updatedAt")
SELECT gen_random_uuid(), 'opening.issue-record', "sectionId"::text, jsonb_build_object('sectionId', "sectionId"), 12, now(), now(), now()
  FROM "Opening" WHERE state IN ('CLOSED', 'FAILED') AND "recordId" IS NULL;
