-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('IN_PROGRESS', 'COMPLETE', 'ABORTED');

-- CreateEnum
CREATE TYPE "BidStatus" AS ENUM ('SUBMITTED', 'SUPERSEDED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "BidderKey" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "BidderKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BidUpload" (
    "id" UUID NOT NULL,
    "tag" CHAR(64) NOT NULL,
    "sealed" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "receivedBytes" BIGINT NOT NULL DEFAULT 0,
    "status" "UploadStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BidUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bid" (
    "id" UUID NOT NULL,
    "tag" CHAR(64) NOT NULL,
    "sealed" TEXT NOT NULL,
    "uploadId" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size" BIGINT NOT NULL,
    "status" "BidStatus" NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "receiptId" UUID NOT NULL,
    "receiptKeyId" TEXT NOT NULL,
    "receiptSignature" TEXT NOT NULL,
    "withdrawnAt" TIMESTAMPTZ(3),
    "withdrawalReceiptId" UUID,
    "withdrawalKeyId" TEXT,
    "withdrawalSignature" TEXT,

    CONSTRAINT "Bid_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BidderKey_fingerprint_key" ON "BidderKey"("fingerprint");

-- CreateIndex
CREATE INDEX "BidderKey_orgId_idx" ON "BidderKey"("orgId");

-- CreateIndex
CREATE INDEX "BidUpload_tag_idx" ON "BidUpload"("tag");

-- CreateIndex
CREATE UNIQUE INDEX "Bid_uploadId_key" ON "Bid"("uploadId");

-- CreateIndex
CREATE UNIQUE INDEX "Bid_receiptId_key" ON "Bid"("receiptId");

-- CreateIndex
CREATE UNIQUE INDEX "Bid_withdrawalReceiptId_key" ON "Bid"("withdrawalReceiptId");

-- CreateIndex
CREATE INDEX "Bid_tag_status_idx" ON "Bid"("tag", "status");

-- CreateIndex
CREATE INDEX "Bid_status_idx" ON "Bid"("status");

-- One counted bid per bidder and section: the tag identifies the pair without naming either.
CREATE UNIQUE INDEX "Bid_one_submitted_per_tag" ON "Bid"("tag") WHERE "status" = 'SUBMITTED';

-- AddForeignKey
ALTER TABLE "BidderKey" ADD CONSTRAINT "BidderKey_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
