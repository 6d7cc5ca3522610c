import { apiRoutes, type TJob, type TJobState, ZJobState } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { Card, Loading, PageHeading } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';

/**
 * 后台任务: the durable jobs (issuing opening records, calls to institutions). Dead letters — jobs
 * that failed every attempt — are shown first, with why they last failed and a way to try again.
 */
export function JobsPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<TJobState>('DEAD');
  return (
    <>
      <PageHeading title={t('jobs.heading')} intro={t('jobs.intro')} />
      <Card title={t('jobs.listHeading')}>
        <div className="segmented" role="group" aria-label={t('jobs.filter')}>
          {ZJobState.options.map((option) => (
            <button key={option} type="button" aria-pressed={state === option} onClick={() => setState(option)}>
              {t(`jobs.states.${option}`)}
            </button>
          ))}
        </div>
        <JobTable state={state} />
      </Card>
    </>
  );
}

function JobTable({ state }: { state: TJobState }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const jobs = useApiQuery(apiRoutes.jobs.list, { query: { state } });
  if (jobs.isPending) return <Loading />;
  if (jobs.isError) return <ErrorNotice error={jobs.error} onRetry={() => void jobs.refetch()} />;
  if (jobs.data.items.length === 0) return <p className="empty">{t(state === 'DEAD' ? 'jobs.noDeadLetters' : 'jobs.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('jobs.queue')}</th>
            <th scope="col">{t('jobs.attempts')}</th>
            <th scope="col">{t('jobs.runAt')}</th>
            <th scope="col">{t('jobs.lastError')}</th>
            {state === 'DEAD' && <th scope="col">{t('jobs.action')}</th>}
          </tr>
        </thead>
        <tbody>
          {jobs.data.items.map((job) => (
            <tr key={job.id} data-testid="job" data-state={job.state}>
              <td>
                {t(`jobs.queues.${job.queue}`, { defaultValue: job.queue })}
                <div className="small muted mono">{job.key}</div>
              </td>
              <td>{t('jobs.attemptsOf', { n: job.attempts, max: job.maxAttempts })}</td>
              <td className="nowrap">{dateTime.format(new Date(job.doneAt ?? job.runAt))}</td>
              <td className="small">{job.lastError ?? '—'}</td>
              {state === 'DEAD' && (
                <td>
                  <RetryButton job={job} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RetryButton({ job }: { job: TJob }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api.call(apiRoutes.jobs.retry, { params: { jobId: job.id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.jobs.list) }),
  });
  return (
    <>
      <button type="button" className="button button-outline" disabled={retry.isPending} onClick={() => retry.mutate()}>
        {t('jobs.retry', { queue: t(`jobs.queues.${job.queue}`, { defaultValue: job.queue }) })}
      </button>
      {retry.isError && <ErrorNotice error={retry.error} />}
    </>
  );
}
