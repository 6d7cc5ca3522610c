import { apiRoutes, type TAnnouncement, type TMyBid, type TSection } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { routeKey, useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { useSignedInUser } from '../auth/use-session';
import { OpeningHallLink } from '../opening/OpeningHallLink';
import { livePhase } from '../projects/live-phase';
import { PhaseTag } from '../projects/SectionDetails';
import { useServerNow } from '../realtime/server-time';
import { Card, Loading, PageHeading } from '../ui/Card';
import { ConfirmBar } from '../ui/ConfirmBar';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';
import { useBytes } from './format';
import { DownloadReceipt, ReceiptDetails, SignatureBadge } from './ReceiptView';
import { SelfCheck } from './SelfCheck';
import { SubmitBid } from './SubmitBid';
import { useSubmission } from './submission';

/** The bidder's page for one section: its bid, the upload of a new one, the self-check, and every receipt. */
export function BidPage() {
  const { t } = useTranslation();
  const { projectId = '', sectionId = '' } = useParams();
  const announcement = useApiQuery(apiRoutes.projects.portalGet, { params: { projectId } });
  const section = announcement.data?.sections.find((s) => s.id === sectionId);
  return (
    <>
      <Link className="back-link" to="/bidder/sections">
        {t('bid.back')}
      </Link>
      {announcement.isPending ? (
        <Loading />
      ) : announcement.isError ? (
        <ErrorNotice error={announcement.error} onRetry={() => void announcement.refetch()} />
      ) : !section ? (
        <p className="notice notice-error" role="alert">
          {t('errors.NOT_FOUND')}
        </p>
      ) : (
        <BidView announcement={announcement.data} section={section} />
      )}
    </>
  );
}

/** Bids may change until the deadline by the server's clock; the platform refuses later attempts anyway. */
function useBiddingOpen(section: TSection): boolean {
  return livePhase(section.phase, section.bidDeadline, useServerNow()) === 'BIDDING';
}

function BidView({ announcement, section }: { announcement: TAnnouncement; section: TSection }) {
  const { t } = useTranslation();
  const { orgId } = useSignedInUser();
  const dateTime = useDateTimeFormat();
  const open = useBiddingOpen(section);
  const myBid = useApiQuery(apiRoutes.bids.myBid, { params: { sectionId: section.id } });
  const submitted = myBid.data?.bid?.status === 'SUBMITTED';
  return (
    <>
      <PageHeading title={t('bid.heading', { code: section.code, name: section.name })} intro={t('bid.intro', { project: announcement.name, code: announcement.code })} />
      <div className="deadline-box bid-deadline">
        <span className="deadline-label">{t('sectionFields.bidDeadline')}</span>
        <time className="deadline-time" dateTime={section.bidDeadline}>
          {dateTime.format(new Date(section.bidDeadline))}
        </time>
        <Countdown until={section.bidDeadline} />
        <PhaseTag phase={section.phase} bidDeadline={section.bidDeadline} />
        <Link className="bid-announcement-link" to={`/portal/${announcement.id}`}>
          {t('bid.announcement')}
        </Link>
      </div>
      {!open && (
        <p className="notice notice-info" role="status">
          {t('errors.DEADLINE_PASSED')}
        </p>
      )}
      <div className="panels">
        <QueryState query={myBid}>
          {(data) => (
            <>
              <CurrentBid sectionId={section.id} myBid={data} open={open} />
              <SubmitBid section={section} orgId={orgId ?? ''} open={open} hasBid={submitted} />
              {submitted && open && <SelfCheck sectionId={section.id} orgId={orgId ?? ''} fields={section.openingFormFields} />}
              {submitted && !open && <AfterDeadline sectionId={section.id} name={t('bid.heading', { code: section.code, name: section.name })} />}
              <Receipts myBid={data} />
            </>
          )}
        </QueryState>
      </div>
    </>
  );
}

/** Past the deadline the bid is fixed: what remains is decrypting it in the opening hall. */
function AfterDeadline({ sectionId, name }: { sectionId: string; name: string }) {
  const { t } = useTranslation();
  return (
    <Card title={t('bid.afterDeadline.heading')}>
      <p>{t('bid.afterDeadline.text')}</p>
      <div className="card-footer">
        <OpeningHallLink sectionId={sectionId} name={name} />
      </div>
    </Card>
  );
}

function CurrentBid({ sectionId, myBid, open }: { sectionId: string; myBid: TMyBid; open: boolean }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const bytes = useBytes();
  const queryClient = useQueryClient();
  const submission = useSubmission(sectionId);
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => api.call(apiRoutes.bids.withdraw, { params: { sectionId } }),
    onSuccess: async () => {
      setConfirming(false);
      // The last upload's receipt would otherwise still read as the standing bid.
      submission.reset();
      await queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.bids.myBid) });
    },
  });
  const { bid } = myBid;
  const latest = (kind: 'SUBMISSION' | 'WITHDRAWAL') => myBid.receipts.filter((r) => r.kind === kind && r.sha256 === bid?.sha256).at(-1);
  const submissionReceipt = latest('SUBMISSION');
  const withdrawalReceipt = bid?.status === 'WITHDRAWN' ? latest('WITHDRAWAL') : undefined;

  return (
    <Card
      title={t('bid.current.heading')}
      actions={
        bid?.status === 'SUBMITTED' &&
        open &&
        !confirming && (
          <button type="button" className="button button-danger-outline button-small" onClick={() => setConfirming(true)}>
            {t('bid.current.withdraw')}
          </button>
        )
      }
    >
      {!bid ? (
        <p className="empty" data-testid="bid-status" data-status="NONE">
          {t('bid.current.none')}
        </p>
      ) : (
        <div className="bid-status" data-testid="bid-status" data-status={bid.status}>
          <div className="bid-status-title">
            <span className={`tag ${bid.status === 'SUBMITTED' ? 'tag-active' : 'tag-draft'}`}>{t(`bid.current.status.${bid.status}`)}</span>
            <span className="muted small">
              {bid.status === 'SUBMITTED'
                ? t('bid.current.submittedAt', { time: dateTime.format(new Date(bid.submittedAt)) })
                : t('bid.current.withdrawnAt', { time: dateTime.format(new Date(bid.withdrawnAt ?? bid.submittedAt)) })}
            </span>
          </div>
          <dl className="facts">
            <div>
              <dt>{t('receipts.size')}</dt>
              <dd>{bytes(bid.size)}</dd>
            </div>
            <div className="facts-wide">
              <dt>{t('receipts.sha256')}</dt>
              <dd className="mono hash">{bid.sha256}</dd>
            </div>
          </dl>
          {bid.status === 'SUBMITTED' && submissionReceipt && (
            <p className="bid-receipt-line">
              <SignatureBadge receipt={submissionReceipt} /> <span className="muted small">{t('bid.current.receiptLine', { id: submissionReceipt.receiptId })}</span>
            </p>
          )}
          {withdrawalReceipt && <ReceiptDetails receipt={withdrawalReceipt} />}
        </div>
      )}
      {confirming && (
        <ConfirmBar
          danger
          message={t('bid.current.confirmWithdraw')}
          confirmLabel={t('bid.current.withdrawConfirm')}
          busy={withdraw.isPending}
          onConfirm={() => withdraw.mutate()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {withdraw.isError && <ErrorNotice error={withdraw.error} />}
    </Card>
  );
}

function Receipts({ myBid }: { myBid: TMyBid }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const bytes = useBytes();
  const newestFirst = [...myBid.receipts].reverse();
  return (
    <Card title={t('receipts.heading')}>
      <p className="muted small">{t('receipts.intro')}</p>
      {newestFirst.length === 0 ? (
        <p className="empty">{t('receipts.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('receipts.kind')}</th>
                <th scope="col">{t('receipts.serverTime')}</th>
                <th scope="col">{t('receipts.receiptId')}</th>
                <th scope="col">{t('receipts.sha256')}</th>
                <th scope="col" className="num">
                  {t('receipts.size')}
                </th>
                <th scope="col">{t('receipts.signatureHeading')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('receipts.downloads')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((receipt) => (
                <tr key={`${receipt.receiptId}-${receipt.kind}`} data-testid="receipt-row" data-kind={receipt.kind}>
                  <th scope="row" className="nowrap">
                    {t(`receipts.kinds.${receipt.kind}`)}
                  </th>
                  <td className="nowrap">{dateTime.format(new Date(receipt.serverTime))}</td>
                  <td className="mono small" title={receipt.receiptId}>
                    {receipt.receiptId.slice(0, 8)}…
                  </td>
                  <td className="mono small" title={receipt.sha256}>
                    {receipt.sha256.slice(0, 16)}…
                  </td>
                  <td className="num nowrap">{bytes(receipt.size)}</td>
                  <td>
                    <SignatureBadge receipt={receipt} />
                  </td>
                  <td className="num">
                    <DownloadReceipt receipt={receipt} quiet />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
