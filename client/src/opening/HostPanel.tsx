import type { TOpeningView } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type Ref, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../ui/Card';
import { ConfirmBar } from '../ui/ConfirmBar';
import { ErrorNotice } from '../ui/errors';
import { ApiError } from '../api/http';
import { Countdown } from '../ui/Countdown';
import { useDateTimeFormat, useTimeFormat } from '../ui/format';
import type { OpeningHall } from './use-opening';

/** 主持人控制台: what the host can do in the state the opening is in. */
export function HostPanel({ hall, view, landing }: { hall: OpeningHall; view: TOpeningView; landing?: Ref<HTMLElement> }) {
  const { t } = useTranslation();
  const total = view.participantCount;
  const decrypted = view.participants.filter((p) => p.decryption === 'DECRYPTED').length;
  const confirmed = view.participants.filter((p) => p.confirmedAt).length;
  return (
    <Card title={t('opening.host.heading')} landing={landing}>
      {(view.state === 'SCHEDULED' || view.state === 'SIGN_IN') && <p className="muted">{t('opening.host.waitDeadline')}</p>}
      {view.state === 'DEADLINE' && <StartDecryption hall={hall} view={view} />}
      {view.state === 'DECRYPTING' && (
        <>
          <p data-testid="decrypt-progress" role="status">{t('opening.host.decrypting', { done: decrypted, total })}</p>
          {!view.extension && <ExtendWindow hall={hall} />}
        </>
      )}
      {view.state === 'ANNOUNCING' && <AnnounceBids hall={hall} view={view} />}
      {view.state === 'CONFIRMING' && (
        <>
          <p data-testid="confirm-progress" role="status">{t('opening.host.confirmations', { done: confirmed, total })}</p>
          <p className="small muted">{t('opening.host.autoClose')}</p>
          <CloseOpening hall={hall} view={view} />
        </>
      )}
      {(view.state === 'CLOSED' || view.state === 'FAILED') && <p className="muted">{t('opening.host.over')}</p>}
    </Card>
  );
}

function StartDecryption({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const [confirming, setConfirming] = useState(false);
  const start = useMutation({ mutationFn: () => hall.request('opening:start', {}), onSettled: () => setConfirming(false) });
  return (
    <>
      <p className="muted">{t('opening.host.autoStart', { time: dateTime.format(new Date(view.times.autoStartAt)) })}</p>
      {/* Hidden, not replaced, while the bar asks: focus returns to it when the bar closes. */}
      <button type="button" className="button button-primary" hidden={confirming} onClick={() => setConfirming(true)}>
        {t('opening.host.start')}
      </button>
      {confirming && (
        <ConfirmBar
          message={t('opening.host.confirmStart', { n: view.participantCount })}
          confirmLabel={t('opening.host.start')}
          busy={start.isPending}
          onConfirm={() => start.mutate()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {start.isError && <ErrorNotice error={start.error} />}
    </>
  );
}

function ExtendWindow({ hall }: { hall: OpeningHall }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [minutes, setMinutes] = useState('10');
  const [reason, setReason] = useState('');
  const extend = useMutation({
    mutationFn: () => hall.request('opening:extend', { minutes: Number(minutes), reason: reason.trim() }),
    onSuccess: () => setOpen(false),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    extend.mutate();
  };
  if (!open) {
    return (
      <div className="card-footer">
        <button type="button" className="button button-outline" onClick={() => setOpen(true)}>
          {t('opening.host.extend')}
        </button>
        <span className="muted small">{t('opening.host.extendOnce')}</span>
      </div>
    );
  }
  return (
    <form className="host-form" aria-label={t('opening.host.extend')} onSubmit={submit}>
      <div className="inline-form">
        <div className="field field-narrow">
          <label htmlFor={`${id}-minutes`}>{t('opening.host.extendMinutes')}</label>
          <input id={`${id}-minutes`} type="number" min={1} max={60} step={1} required value={minutes} onChange={(event) => setMinutes(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('opening.host.extendReason')}</label>
          <input id={`${id}-reason`} required minLength={2} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={extend.isPending}>
          {extend.isPending ? t('opening.host.extending') : t('opening.host.extendSubmit')}
        </button>
        <button type="button" className="button button-quiet" disabled={extend.isPending} onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
      {extend.isError && <ErrorNotice error={extend.error} />}
    </form>
  );
}

/**
 * 唱标 at the host's pace: the next bid, or every bid still waiting. Without the host the platform
 * announces the next one at the time shown, so an absent host holds nothing up. A click that
 * the pace beat to the same bid (ALREADY_DONE) is no error: the bid is announced either way.
 */
function AnnounceBids({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  // Announced rows are always known (their events carry them); the rest may still be loading.
  const waiting = view.participants.filter((p) => !p.announcedAt);
  const announced = view.participants.length - waiting.length;
  const left = view.participantCount - announced;
  const next = waiting[0];
  const quietly = (error: unknown) => {
    if (!(error instanceof ApiError && error.code === 'ALREADY_DONE')) throw error;
  };
  const announceNext = useMutation({ mutationFn: (order: number) => hall.request('opening:announceNext', { order }).catch(quietly) });
  const announceRest = useMutation({ mutationFn: () => hall.request('opening:announceRest', {}).catch(quietly) });
  const busy = announceNext.isPending || announceRest.isPending;
  const error = announceNext.error ?? announceRest.error;
  return (
    <div data-testid="announce-controls">
      <p data-testid="announce-progress" role="status">{t('opening.host.announced', { done: announced, total: view.participantCount })}</p>
      {next && (
        <>
          {view.times.nextAnnounceAt && (
            <p className="small muted">
              {t('opening.host.autoAnnounce', { time: time.format(new Date(view.times.nextAnnounceAt)), order: next.order })} <Countdown until={view.times.nextAnnounceAt} />
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => announceNext.mutate(next.order)}>
              {t('opening.host.announceNext', { order: next.order, name: next.bidderName })}
            </button>
            {left > 1 && (
              <button type="button" className="button button-outline" disabled={busy} onClick={() => announceRest.mutate()}>
                {t('opening.host.announceRest', { n: left })}
              </button>
            )}
          </div>
        </>
      )}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}

function CloseOpening({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({ mutationFn: () => hall.request('opening:close', {}), onSettled: () => setConfirming(false) });
  const unanswered = view.objections.filter((o) => !o.answeredAt).length;
  return (
    <>
      {unanswered > 0 && (
        <p className="notice notice-info" role="status">
          {t('opening.host.closeBlocked', { n: unanswered })}
        </p>
      )}
      <button type="button" className="button button-primary" hidden={confirming} disabled={unanswered > 0} onClick={() => setConfirming(true)}>
        {t('opening.host.close')}
      </button>
      {confirming && (
        <ConfirmBar danger message={t('opening.host.confirmClose')} confirmLabel={t('opening.host.close')} busy={close.isPending} onConfirm={() => close.mutate()} onCancel={() => setConfirming(false)} />
      )}
      {close.isError && <ErrorNotice error={close.error} />}
    </>
  );
}
