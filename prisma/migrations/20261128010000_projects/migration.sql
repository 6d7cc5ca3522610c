-- CreateEnum
CREATE TYPE "ProjectType" AS ENUM ('ENGINEERING', 'GOODS', 'SERVICES');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('DRAFT', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "SectionStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'OPENING', 'EVALUATING', 'AWARDED', 'FAILED');

-- CreateEnum
CREATE TYPE "EvaluationMethod" AS ENUM ('COMPREHENSIVE', 'LOWEST_EVALUATED_PRICE');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('AMENDMENT_PUBLISHED', 'DEADLINE_CHANGED');

-- CreateTable
CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "ProjectType" NOT NULL,
    "regionCode" CHAR(6) NOT NULL,
    "estimatedPrice" DECIMAL(16,2) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "tendererOrgId" UUID NOT NULL,
    "agencyOrgId" UUID NOT NULL,
    "status" "ProjectStatus" NOT NULL DEFAULT 'DRAFT',
    "publishedAt" TIMESTAMPTZ(3),
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Section" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "estimatedPrice" DECIMAL(16,2) NOT NULL,
    "ceilingPrice" DECIMAL(16,2),
    "bondAmount" DECIMAL(16,2) NOT NULL,
    "bidValidityDays" INTEGER NOT NULL,
    "bidDeadline" TIMESTAMPTZ(3) NOT NULL,
    "signInLeadMinutes" INTEGER NOT NULL,
    "decryptWindowMinutes" INTEGER NOT NULL,
    "evaluationMethod" "EvaluationMethod" NOT NULL,
    "scoringTemplate" JSONB NOT NULL,
    "openingFormFields" JSONB NOT NULL,
    "status" "SectionStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 0,
    "publishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Amendment" (
    "id" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "clarification" TEXT NOT NULL DEFAULT '',
    "changes" JSONB NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedById" UUID NOT NULL,

    CONSTRAINT "Amendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SectionRegistration" (
    "sectionId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "registeredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SectionRegistration_pkey" PRIMARY KEY ("sectionId","bidderOrgId")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");

-- CreateIndex
CREATE INDEX "Project_agencyOrgId_idx" ON "Project"("agencyOrgId");

-- CreateIndex
CREATE INDEX "Project_tendererOrgId_idx" ON "Project"("tendererOrgId");

-- CreateIndex
CREATE INDEX "Project_status_publishedAt_idx" ON "Project"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Section_status_bidDeadline_idx" ON "Section"("status", "bidDeadline");

-- CreateIndex
CREATE UNIQUE INDEX "Section_projectId_code_key" ON "Section"("projectId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Amendment_sectionId_version_key" ON "Amendment"("sectionId", "version");

-- CreateIndex
CREATE INDEX "SectionRegistration_bidderOrgId_idx" ON "SectionRegistration"("bidderOrgId");

-- CreateIndex
CREATE INDEX "Notification_orgId_createdAt_idx" ON "Notification"("orgId", "createdAt");

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_tendererOrgId_fkey" FOREIGN KEY ("tendererOrgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_agencyOrgId_fkey" FOREIGN KEY ("agencyOrgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Section" ADD CONSTRAINT "Section_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Amendment" ADD CONSTRAINT "Amendment_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SectionRegistration" ADD CONSTRAINT "SectionRegistration_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SectionRegistration" ADD CONSTRAINT "SectionRegistration_bidderOrgId_fkey" FOREIGN KEY ("bidderOrgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
