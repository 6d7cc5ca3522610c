-- A bid unsealed into its section's opening at the freeze; no later freeze reads it again.
ALTER TYPE "BidStatus" ADD VALUE 'OPENED';

-- A keyed bucket of the section (HMAC under the sealing key, modulo 256): the freeze reads one
-- bucket instead of every bid on the platform, and without the key the bucket names no section.
-- Rows from before this migration have none and are read with every bucket until they are opened.
ALTER TABLE "Bid" ADD COLUMN "bucket" INTEGER;
ALTER TABLE "OpeningSignIn" ADD COLUMN "bucket" INTEGER;

DROP INDEX "Bid_status_idx";
CREATE INDEX "Bid_status_bucket_idx" ON "Bid"("status", "bucket");
CREATE INDEX "OpeningSignIn_bucket_idx" ON "OpeningSignIn"("bucket");
