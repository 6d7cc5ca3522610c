import { handleJob, type JobHandler } from './kernel/jobs/job-runner';
import { issueRecordJob } from './modules/opening/opening-jobs';
import type { Services } from './services';

/** Every queue's handler; a worker on any node runs them (JOBS_WORKER). */
export const platformJobs = (s: Services): JobHandler[] => [handleJob(issueRecordJob, ({ sectionId }) => s.openings.issueRecord(sectionId))];
