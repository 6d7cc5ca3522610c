import { apiRoutes, type TOpeningView } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../api/client';
import { ApiError } from '../api/http';
import { api } from '../app/services';
import { Card } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';

/** How the opening ended, what comes next for this participant, and the record (开标记录) once the platform has issued it. */
export function Outcome({ view, landing }: { view: TOpeningView; landing?: Ref<HTMLElement> }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  if (view.state !== 'CLOSED' && view.state !== 'FAILED') return null;
  const closedAt = view.times.closedAt ? dateTime.format(new Date(view.times.closedAt)) : '';
  return (
    <Card title={t('opening.outcome.heading')} landing={landing}>
      {view.state === 'CLOSED' ? (
        <p className="outcome outcome-closed" data-testid="outcome" data-state="CLOSED">
          <strong>{t('opening.outcome.closed')}</strong> <span>{t('opening.outcome.closedAt', { time: closedAt })}</span>
        </p>
      ) : (
        <p className="outcome outcome-failed" data-testid="outcome" data-state="FAILED" role="alert">
          <strong>{t('opening.outcome.failed')}</strong> <span>{view.failureReason}</span>
        </p>
      )}
      <p className="outcome-next" data-testid="outcome-next">
        {t(`opening.outcome.next.${view.state}.${view.role}`)}
      </p>
      <RecordDownloads view={view} />
    </Card>
  );
}

function RecordDownloads({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  // The record needs the bearer token, so it is fetched and handed to the browser as a file.
  const download = useMutation({
    mutationFn: async (format: 'html' | 'pdf') => {
      const route = format === 'pdf' ? apiRoutes.opening.recordPdf : apiRoutes.opening.recordHtml;
      saveFile(await api.download(route, { params: { sectionId: view.sectionId } }), `开标记录-${view.sectionName}.${format}`);
    },
  });
  if (!view.record) return <p className="muted">{t('opening.record.pending')}</p>;
  const notYet = download.error instanceof ApiError && download.error.code === 'NOT_FOUND';
  return (
    <div className="record" data-testid="record">
      <h3>{t('opening.record.heading')}</h3>
      <dl className="facts">
        <div>
          <dt>{t('opening.record.htmlSha256')}</dt>
          <dd className="mono">{view.record.htmlSha256}</dd>
        </div>
        <div>
          <dt>{t('opening.record.pdfSha256')}</dt>
          <dd className="mono">{view.record.pdfSha256}</dd>
        </div>
        <div>
          <dt>{t('opening.record.keyId')}</dt>
          <dd className="mono">{view.record.keyId}</dd>
        </div>
      </dl>
      <div className="card-footer">
        <button type="button" className="button button-primary" disabled={download.isPending} onClick={() => download.mutate('pdf')}>
          {t('opening.record.pdf')}
        </button>
        <button type="button" className="button button-outline" disabled={download.isPending} onClick={() => download.mutate('html')}>
          {t('opening.record.html')}
        </button>
        {download.isPending && <span className="muted small">{t('opening.record.downloading')}</span>}
      </div>
      {notYet ? (
        <p className="notice notice-info" role="status">
          {t('opening.record.notYet')}
        </p>
      ) : (
        download.isError && <ErrorNotice error={download.error} />
      )}
    </div>
  );
}
