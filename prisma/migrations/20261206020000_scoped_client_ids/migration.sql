-- A client's id for its own request is unique only among that bidder's requests in that opening:
-- one bidder's ids can neither collide with nor reveal another's. The server now picks the ids.
ALTER TABLE "Objection" ADD COLUMN "clientId" UUID;
UPDATE "Objection" SET "clientId" = id;
ALTER TABLE "Objection" ALTER COLUMN "clientId" SET NOT NULL;
CREATE UNIQUE INDEX "Objection_sectionId_bidderOrgId_clientId_key" ON "Objection"("sectionId", "bidderOrgId", "clientId");

-- A report from the bidder's browser carries the browser's id for the attempt, so a repeated report is recorded once.
ALTER TABLE "DecryptionAttempt" ADD COLUMN "clientId" UUID;
CREATE UNIQUE INDEX "DecryptionAttempt_sectionId_bidderOrgId_clientId_key" ON "DecryptionAttempt"("sectionId", "bidderOrgId", "clientId");
