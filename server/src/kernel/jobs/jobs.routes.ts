import { apiRoutes, type TJob } from '@bidhall/contracts';
import type { Job } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { appendAudit } from '../../modules/audit/audit-log';

const LIST_LIMIT = 200;

const toJobView = (j: Job): TJob => ({
  id: j.id,
  queue: j.queue,
  key: j.key,
  state: j.state,
  attempts: j.attempts,
  maxAttempts: j.maxAttempts,
  runAt: j.runAt.toISOString(),
  lastError: j.lastError,
  createdAt: j.createdAt.toISOString(),
  doneAt: j.doneAt?.toISOString() ?? null,
});

/** The operators' view of the durable jobs: dead letters to look into, and a way to try one again. */
export function jobRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.jobs;
  return [
    bind(r.list, async ({ query }) => ({
      items: (
        await s.prisma.job.findMany({
          where: { ...(query.state ? { state: query.state } : {}), ...(query.queue ? { queue: query.queue } : {}) },
          orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
          take: LIST_LIMIT,
        })
      ).map(toJobView),
    })),
    bind(r.retry, async ({ params, auth }) => {
      const now = s.clock.now();
      return s.prisma.$transaction(async (tx) => {
        // Only a dead letter goes back; a job still pending or running is the worker's.
        const revived = await tx.job.updateMany({ where: { id: params.jobId, state: 'DEAD' }, data: { state: 'PENDING', attempts: 0, runAt: now, updatedAt: now } });
        const job = await tx.job.findUnique({ where: { id: params.jobId } });
        if (!job) throw AppError.notFound('job');
        if (revived.count === 0) throw AppError.invalidState(`the job is ${job.state}, not a dead letter`, { state: job.state });
        await appendAudit(tx, { actor: { id: auth.userId, orgId: auth.orgId }, action: 'job.retried', subjectType: 'job', subjectId: job.id, data: { queue: job.queue, key: job.key } }, now);
        return toJobView(job);
      });
    }),
  ];
}
