import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { bidRoutes } from './bids';
import { committeeRoutes } from './committee';
import { systemRoutes } from './health';
import type { RouteDef } from './http';
import { jobRoutes } from './jobs';
import { mediaRoutes } from './media';
import { openingRoutes } from './opening';
import { projectRoutes } from './projects';
import { questionRoutes } from './questions';
import { tenderDocumentRoutes } from './tender-documents';

/** Every HTTP route of the platform, by module; the server mounts them and the OpenAPI document lists them. */
export const apiRoutes = {
  system: systemRoutes,
  auth: authRoutes,
  projects: projectRoutes,
  tenderDocuments: tenderDocumentRoutes,
  questions: questionRoutes,
  bids: bidRoutes,
  opening: openingRoutes,
  media: mediaRoutes,
  committee: committeeRoutes,
  audit: auditRoutes,
  jobs: jobRoutes,
} as const;

export const allRoutes = (): RouteDef[] => Object.values(apiRoutes).flatMap((group) => Object.values(group));
