-- CreateEnum
CREATE TYPE "OpeningState" AS ENUM ('SCHEDULED', 'SIGN_IN', 'DEADLINE', 'DECRYPTING', 'ANNOUNCING', 'CONFIRMING', 'CLOSED', 'FAILED');

-- CreateEnum
CREATE TYPE "Decryption" AS ENUM ('PENDING', 'DECRYPTED', 'REVOKED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "BondKind" AS ENUM ('MISSING', 'CASH', 'GUARANTEE');

-- CreateTable
CREATE TABLE "Opening" (
    "sectionId" UUID NOT NULL,
    "state" "OpeningState" NOT NULL DEFAULT 'SCHEDULED',
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "signInAt" TIMESTAMPTZ(3) NOT NULL,
    "deadlineAt" TIMESTAMPTZ(3) NOT NULL,
    "autoStartAt" TIMESTAMPTZ(3) NOT NULL,
    "decryptMinutes" INTEGER NOT NULL,
    "confirmMinutes" INTEGER NOT NULL,
    "decryptEndsAt" TIMESTAMPTZ(3),
    "extendedUntil" TIMESTAMPTZ(3),
    "extensionReason" TEXT,
    "confirmEndsAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "failureReason" TEXT,
    "orderSeed" CHAR(64),
    "recordId" UUID,
    "recordHtmlSha256" CHAR(64),
    "recordPdfSha256" CHAR(64),
    "recordKeyId" TEXT,
    "recordSignature" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Opening_pkey" PRIMARY KEY ("sectionId")
);

-- CreateTable
CREATE TABLE "OpeningEvent" (
    "sectionId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "actorId" UUID,
    "data" JSONB NOT NULL,

    CONSTRAINT "OpeningEvent_pkey" PRIMARY KEY ("sectionId","seq")
);

-- CreateTable
CREATE TABLE "OpeningParticipant" (
    "sectionId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "bidId" UUID NOT NULL,
    "order" INTEGER NOT NULL,
    "signedInAt" TIMESTAMPTZ(3),
    "decryption" "Decryption" NOT NULL DEFAULT 'PENDING',
    "failureNote" TEXT,
    "sealedContentKey" TEXT,
    "form" JSONB,
    "fileName" TEXT,
    "fileSize" BIGINT,
    "bondKind" "BondKind" NOT NULL DEFAULT 'MISSING',
    "bondDetail" TEXT,
    "confirmedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OpeningParticipant_pkey" PRIMARY KEY ("sectionId","bidderOrgId")
);

-- CreateTable
CREATE TABLE "OpeningSignIn" (
    "id" UUID NOT NULL,
    "tag" CHAR(64) NOT NULL,
    "sealed" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OpeningSignIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "raisedById" UUID NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecryptionAttempt" (
    "id" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,

    CONSTRAINT "DecryptionAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Opening_state_idx" ON "Opening"("state");

-- CreateIndex
CREATE UNIQUE INDEX "OpeningParticipant_sectionId_order_key" ON "OpeningParticipant"("sectionId", "order");

-- CreateIndex
CREATE UNIQUE INDEX "OpeningSignIn_tag_key" ON "OpeningSignIn"("tag");

-- CreateIndex
CREATE INDEX "Objection_sectionId_idx" ON "Objection"("sectionId");

-- CreateIndex
CREATE INDEX "DecryptionAttempt_sectionId_bidderOrgId_idx" ON "DecryptionAttempt"("sectionId", "bidderOrgId");

-- AddForeignKey
ALTER TABLE "Opening" ADD CONSTRAINT "Opening_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpeningEvent" ADD CONSTRAINT "OpeningEvent_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Opening"("sectionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpeningParticipant" ADD CONSTRAINT "OpeningParticipant_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Opening"("sectionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Opening"("sectionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecryptionAttempt" ADD CONSTRAINT "DecryptionAttempt_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Opening"("sectionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- The event log is what reconnecting clients replay: it is only ever appended to.
CREATE FUNCTION "opening_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'OpeningEvent is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "OpeningEvent_append_only"
    BEFORE UPDATE OR DELETE ON "OpeningEvent"
    FOR EACH ROW EXECUTE FUNCTION "opening_event_append_only"();
