import { PARTICIPANTS_PAGE, type TOpeningView, type TParticipant } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../auth/use-session';
import { Card } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { nextPageOffset } from './hall-state';
import { useFailureNoteText } from './use-failure-note';
import type { OpeningHall } from './use-opening';

export function DecryptionTag({ participant }: { participant: TParticipant }) {
  const { t } = useTranslation();
  const noteText = useFailureNoteText();
  return (
    <span className={`tag tag-decryption-${participant.decryption.toLowerCase()}`} title={noteText(participant.failureNote) ?? undefined}>
      {t(`opening.decryption.${participant.decryption}`)}
    </span>
  );
}

/** Who takes part, in the announcement order fixed at the deadline; before it, nobody may know. */
export function ParticipantsCard({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const { orgId } = useSignedInUser();
  const noteText = useFailureNoteText();
  const [recording, setRecording] = useState<string | null>(null);
  const before = view.state === 'SCHEDULED' || view.state === 'SIGN_IN';
  const canRecordBond = view.role === 'HOST' && ['DEADLINE', 'DECRYPTING', 'ANNOUNCING', 'CONFIRMING'].includes(view.state);
  return (
    <Card title={t('opening.participants.heading', { n: view.participantCount })}>
      {before ? (
        <p className="empty">{t('opening.participants.hidden')}</p>
      ) : view.participants.length === 0 ? (
        <p className="empty">{t('opening.participants.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="participants">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('opening.participants.order')}
                </th>
                <th scope="col">{t('opening.participants.bidder')}</th>
                <th scope="col">{t('opening.participants.signedInAt')}</th>
                <th scope="col">{t('opening.participants.decryption')}</th>
                <th scope="col">{t('opening.participants.bond')}</th>
                <th scope="col">{t('opening.participants.confirmed')}</th>
              </tr>
            </thead>
            <tbody>
              {view.participants.map((p) => (
                <tr key={p.bidderOrgId} className={p.bidderOrgId === orgId ? 'row-mine' : undefined}>
                  <td className="num">{p.order}</td>
                  <th scope="row">
                    {p.bidderName}
                    {p.bidderOrgId === orgId && <span className="tag tag-type tag-inline">{t('opening.participants.you')}</span>}
                  </th>
                  <td className="nowrap">{p.signedInAt ? dateTime.format(new Date(p.signedInAt)) : <span className="muted">{t('opening.participants.notSignedIn')}</span>}</td>
                  <td>
                    <DecryptionTag participant={p} />
                    {p.failureNote && <div className="small muted">{noteText(p.failureNote)}</div>}
                  </td>
                  <td>
                    <span className={`tag tag-bond-${p.bond.kind.toLowerCase()}`}>{t(`opening.bond.${p.bond.kind}`)}</span>
                    {p.bond.detail && <div className="small muted">{p.bond.detail}</div>}
                    {canRecordBond && p.bond.kind === 'MISSING' && recording !== p.bidderOrgId && (
                      <div>
                        <button
                          type="button"
                          className="button button-quiet button-small"
                          aria-label={t('opening.participants.recordBondFor', { name: p.bidderName })}
                          onClick={() => setRecording(p.bidderOrgId)}
                        >
                          {t('opening.participants.recordBond')}
                        </button>
                      </div>
                    )}
                    {recording === p.bidderOrgId && <BondForm hall={hall} participant={p} onDone={() => setRecording(null)} />}
                  </td>
                  <td className="nowrap">{p.confirmedAt ? dateTime.format(new Date(p.confirmedAt)) : <span className="muted">{t('opening.participants.notConfirmed')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <MoreParticipants hall={hall} view={view} />
        </div>
      )}
    </Card>
  );
}

/** A large hall's list arrives in pages: how much is shown, and the next page on request. */
function MoreParticipants({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const more = useMutation({ mutationFn: () => hall.loadMoreParticipants() });
  if (nextPageOffset(view) === null) return null;
  return (
    <div className="table-more">
      <p className="small muted" role="status">
        {t('opening.participants.shown', { shown: view.participants.length, n: view.participantCount })}
      </p>
      <button type="button" className="button button-quiet button-small" disabled={more.isPending} onClick={() => more.mutate()}>
        {more.isPending ? t('opening.participants.loading') : t('opening.participants.more', { n: PARTICIPANTS_PAGE })}
      </button>
      {more.error && <ErrorNotice error={more.error} />}
    </div>
  );
}

/** The agency records a cash bond it has received; guarantees are verified by their own module. */
function BondForm({ hall, participant, onDone }: { hall: OpeningHall; participant: TParticipant; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [reference, setReference] = useState('');
  const record = useMutation({
    mutationFn: () => hall.request('opening:recordBond', { bidderOrgId: participant.bidderOrgId, reference: reference.trim() }),
    onSuccess: onDone,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    record.mutate();
  };
  return (
    <form className="bond-form" aria-label={t('opening.participants.recordBondFor', { name: participant.bidderName })} onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>{t('opening.participants.reference')}</label>
        <input id={id} required minLength={2} maxLength={200} value={reference} onChange={(event) => setReference(event.target.value)} />
      </div>
      <div className="row-actions">
        <button type="submit" className="button button-primary button-small" disabled={record.isPending}>
          {record.isPending ? t('opening.participants.saving') : t('opening.participants.save')}
        </button>
        <button type="button" className="button button-quiet button-small" disabled={record.isPending} onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {record.isError && <ErrorNotice error={record.error} />}
    </form>
  );
}
