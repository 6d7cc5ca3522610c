import { ZId } from '@bidhall/contracts';
import { z } from 'zod';
import { defineJob } from '../../kernel/jobs/job';

/**
 * Issuing the record (开标记录) of an opening that ended: enqueued in the transaction that closes
 * or fails it, so a crash between that commit and the rendering loses nothing; retried with
 * backoff while rendering or storage fails (the record's own issue is idempotent).
 */
export const issueRecordJob = defineJob({
  queue: 'opening.issue-record',
  payload: z.object({ sectionId: ZId }),
  maxAttempts: 12,
  visibilityMs: 120_000,
});
