import { apiRoutes, isValidCreditCode, regionOfCreditCode, type TOrganizationReview, type TOrgStatus } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { routeKey, useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { Loading } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';

type Decision = { kind: 'approve'; org: TOrganizationReview } | { kind: 'reject'; org: TOrganizationReview; reason: string };

/**
 * Organizations with one status (or all), each with its application (contact, applying account,
 * the credit code's check) and approval actions on the pending ones. Saying what the applicant
 * experiences after each decision keeps the administrator from having to guess.
 */
export function OrganizationTable({ status }: { status: TOrgStatus | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const dateTime = useDateTimeFormat();
  const orgs = useApiQuery(apiRoutes.auth.listOrganizations, { query: status ? { status } : {} });
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const decide = useMutation({
    mutationFn: (decision: Decision) =>
      decision.kind === 'approve'
        ? api.call(apiRoutes.auth.approveOrganization, { params: { orgId: decision.org.id } })
        : api.call(apiRoutes.auth.rejectOrganization, { params: { orgId: decision.org.id }, body: { reason: decision.reason } }),
    onSuccess: async (_org, decision) => {
      setRejecting(null);
      const done = t(decision.kind === 'approve' ? 'orgs.approved' : 'orgs.rejected', { name: decision.org.name });
      const next =
        decision.kind === 'approve'
          ? decision.org.applicant
            ? t('orgs.approvedNext', { username: decision.org.applicant.username })
            : ''
          : t('orgs.rejectedNext');
      setAnnouncement([done, next].filter(Boolean).join(' '));
      await refresh();
    },
    // Decided meanwhile by someone else: the list is read again, so it shows the decision taken.
    onError: async (error) => {
      if (error instanceof ApiError && error.code === 'INVALID_STATE') await refresh();
    },
  });
  async function refresh() {
    await Promise.all([
        queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.auth.listOrganizations) }),
        queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.audit.verify) }),
        queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.audit.events) }),
    ]);
  }

  if (orgs.isPending) return <Loading />;
  if (orgs.isError) return <ErrorNotice error={orgs.error} onRetry={() => void orgs.refetch()} />;

  return (
    <>
      <div role="status">{announcement && <p className="notice notice-success">{announcement}</p>}</div>
      {decide.isError &&
        (decide.error instanceof ApiError && decide.error.code === 'INVALID_STATE' ? (
          <p className="notice notice-info" role="status">
            {t('orgs.alreadyDecided')}
          </p>
        ) : (
          <ErrorNotice error={decide.error} />
        ))}
      {orgs.data.items.length === 0 ? (
        <p className="empty">{status === 'PENDING' ? t('orgs.empty') : t('orgs.emptyFiltered')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('orgs.name')}</th>
                <th scope="col">{t('orgs.kind')}</th>
                <th scope="col">{t('orgs.creditCode')}</th>
                <th scope="col">{t('orgs.region')}</th>
                <th scope="col">{t('orgs.status')}</th>
                <th scope="col">{t('orgs.createdAt')}</th>
                <th scope="col">{t('orgs.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.items.map((org) => (
                <OrganizationRow
                  key={org.id}
                  org={org}
                  registeredAt={dateTime.format(new Date(org.createdAt))}
                  rejecting={rejecting === org.id}
                  busy={decide.isPending}
                  onApprove={() => decide.mutate({ kind: 'approve', org })}
                  onStartReject={() => setRejecting(org.id)}
                  onCancelReject={() => setRejecting(null)}
                  onReject={(reason) => decide.mutate({ kind: 'reject', org, reason })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

interface RowProps {
  org: TOrganizationReview;
  registeredAt: string;
  rejecting: boolean;
  busy: boolean;
  onApprove(): void;
  onStartReject(): void;
  onCancelReject(): void;
  onReject(reason: string): void;
}

function OrganizationRow({ org, registeredAt, rejecting, busy, onApprove, onStartReject, onCancelReject, onReject }: RowProps) {
  const { t } = useTranslation();
  const reasonId = useId();
  const submitReject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onReject(String(new FormData(event.currentTarget).get('reason') ?? '').trim());
  };
  return (
    <>
      <tr>
        <th scope="row">{org.name}</th>
        <td>{t(`orgKinds.${org.kind}`)}</td>
        <td className="mono">{org.creditCode}</td>
        <td className="mono">{org.regionCode}</td>
        <td>
          <span className={`tag tag-${org.status.toLowerCase()}`}>{t(`orgStatus.${org.status}`)}</span>
        </td>
        <td className="nowrap">{registeredAt}</td>
        <td className="nowrap">
          {org.status === 'PENDING' && !rejecting && (
            <div className="row-actions">
              <button type="button" className="button button-primary button-small" disabled={busy} aria-label={t('orgs.approveLabel', { name: org.name })} onClick={onApprove}>
                {t('orgs.approve')}
              </button>
              <button type="button" className="button button-danger-outline button-small" disabled={busy} aria-label={t('orgs.rejectLabel', { name: org.name })} onClick={onStartReject}>
                {t('orgs.reject')}
              </button>
            </div>
          )}
        </td>
      </tr>
      <tr className="row-details">
        <td colSpan={7}>
          <ApplicationDetails org={org} />
        </td>
      </tr>
      {rejecting && (
        <tr className="row-form">
          <td colSpan={7}>
            <form className="inline-form" onSubmit={submitReject}>
              <div className="field">
                <label htmlFor={reasonId}>{t('orgs.rejectReason')}</label>
                <textarea id={reasonId} name="reason" required minLength={2} maxLength={500} rows={2} autoFocus />
              </div>
              <div className="row-actions">
                <button type="submit" className="button button-danger button-small" disabled={busy}>
                  {t('orgs.rejectConfirm')}
                </button>
                <button type="button" className="button button-quiet button-small" onClick={onCancelReject}>
                  {t('orgs.cancel')}
                </button>
              </div>
            </form>
          </td>
        </tr>
      )}
    </>
  );
}

/** What the administrator checks an application against: the contact to call, the applying account, the code's check character. */
function ApplicationDetails({ org }: { org: TOrganizationReview }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  return (
    <dl className="facts facts-compact" data-testid="application-details">
      <div>
        <dt>{t('orgs.contact')}</dt>
        <dd>{org.contact ? org.contact.name : <span className="muted">{t('orgs.noContact')}</span>}</dd>
      </div>
      {org.contact && (
        <div>
          <dt>{t('orgs.contactPhone')}</dt>
          <dd>
            <a href={`tel:${org.contact.phone}`}>{org.contact.phone}</a>
          </dd>
        </div>
      )}
      {org.contact?.email && (
        <div>
          <dt>{t('orgs.contactEmail')}</dt>
          <dd>
            <a href={`mailto:${org.contact.email}`}>{org.contact.email}</a>
          </dd>
        </div>
      )}
      {org.applicant && (
        <div>
          <dt>{t('orgs.applicant')}</dt>
          <dd>
            {org.applicant.displayName} <span className="mono muted">{org.applicant.username}</span>
          </dd>
        </div>
      )}
      <div>
        <dt>{t('orgs.checks')}</dt>
        <dd>{isValidCreditCode(org.creditCode) ? t('orgs.checkCreditCode', { region: regionOfCreditCode(org.creditCode) }) : t('orgs.checkCreditCodeBad')}</dd>
      </div>
      {org.decidedAt && (
        <div>
          <dt>{t('orgs.decidedAt')}</dt>
          <dd>{dateTime.format(new Date(org.decidedAt))}</dd>
        </div>
      )}
      {org.statusReason && (
        <div>
          <dt>{t('orgs.statusReason')}</dt>
          <dd>{org.statusReason}</dd>
        </div>
      )}
    </dl>
  );
}
