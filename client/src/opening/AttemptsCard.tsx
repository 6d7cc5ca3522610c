import { apiRoutes, type TDecryptionAttempt, type TOpeningView } from '@bidhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { Card } from '../ui/Card';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';
import { clientEvidenceCode } from './evidence';

/** Failed attempts and browser reports send no event, so the evidence is re-read while bidders are decrypting. */
const POLL_WHILE_DECRYPTING_MS = 5_000;

/**
 * The evidence that decides who caused a failed decryption (《电子招标投标办法》 art. 31): every
 * attempt with its time, whether the bidder's browser reported it or the platform tried, and the outcome.
 */
export function AttemptsCard({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const input = { params: { sectionId: view.sectionId } };
  const attempts = useQuery({
    // The log position is part of the key: every new event of the opening reads the evidence again.
    queryKey: [...routeKey(apiRoutes.opening.attempts, input), view.lastSeq],
    queryFn: ({ signal }) => api.call(apiRoutes.opening.attempts, input, { signal }),
    placeholderData: (previous) => previous,
    refetchInterval: view.state === 'DECRYPTING' ? POLL_WHILE_DECRYPTING_MS : false,
  });
  const nameOf = new Map(view.participants.map((p) => [p.bidderOrgId, p.bidderName]));
  return (
    <Card title={t('opening.attempts.heading')}>
      <p className="muted small">{t('opening.attempts.intro')}</p>
      <QueryState query={attempts} isEmpty={(data) => data.items.length === 0} empty={t('opening.attempts.empty')}>
        {(data) => (
          <div className="table-wrap">
            <table className="table table-compact" data-testid="attempts">
              <thead>
                <tr>
                  <th scope="col">{t('opening.attempts.at')}</th>
                  <th scope="col">{t('opening.participants.bidder')}</th>
                  <th scope="col">{t('opening.attempts.source')}</th>
                  <th scope="col">{t('opening.attempts.outcome')}</th>
                  <th scope="col">{t('opening.attempts.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id}>
                    <td className="nowrap">{dateTime.format(new Date(a.at))}</td>
                    <td>{nameOf.get(a.bidderOrgId) ?? a.bidderOrgId}</td>
                    <td>{t(`opening.attempts.sources.${a.source}`)}</td>
                    <td>
                      <span className={`tag ${a.outcome === 'OK' ? 'tag-active' : a.outcome === 'IN_PROGRESS' ? 'tag-pending' : 'tag-rejected'}`}>{t(`opening.attempts.outcomes.${a.outcome}`)}</span>
                    </td>
                    <td className="small attempt-detail">
                      <AttemptDetail attempt={a} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </Card>
  );
}

/**
 * An attempt's evidence in words: what the bidder's browser reported, or what the platform found.
 * The text as recorded stays one click away: it is the evidence itself.
 */
function AttemptDetail({ attempt }: { attempt: TDecryptionAttempt }) {
  const { t } = useTranslation();
  const code = attempt.source === 'CLIENT' ? clientEvidenceCode(attempt.detail) : null;
  const explanation =
    attempt.source === 'CLIENT'
      ? code
        ? t(`opening.attempts.clientReasons.${code}`)
        : t('opening.attempts.clientReasonUnknown')
      : t(`opening.attempts.explanations.${attempt.outcome}`);
  return (
    <>
      <span>{explanation}</span>
      {attempt.detail && (
        <details className="attempt-record">
          <summary>{t('opening.attempts.asRecorded')}</summary>
          <code lang="en">{attempt.detail}</code>
        </details>
      )}
    </>
  );
}
