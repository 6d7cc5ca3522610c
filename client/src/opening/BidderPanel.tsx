import type { TOpeningView } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../auth/use-session';
import { Card } from '../ui/Card';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { DecryptPanel } from './DecryptPanel';
import type { OpeningHall } from './use-opening';

/**
 * What the bidder's organization has to do now: sign in, decrypt its bid, confirm the record. Each
 * step is a focus landing (`tabIndex={-1}`): when its button has done its job and goes, focus
 * stays on the step, which now says how it went.
 */
export function BidderPanel({ hall, view, landing }: { hall: OpeningHall; view: TOpeningView; landing?: Ref<HTMLElement> }) {
  const { t } = useTranslation();
  const me = view.me;
  if (!me) return null;
  const before = view.state === 'SCHEDULED' || view.state === 'SIGN_IN';
  return (
    <Card title={t('opening.me.heading')} landing={landing}>
      {before && !me.hasBid && (
        <p className="notice notice-info" role="status">
          {t('opening.me.noBid')}
        </p>
      )}
      <div className="bidder-steps">
        <SignIn hall={hall} view={view} />
        {view.state === 'DEADLINE' && <p className="muted">{t('opening.me.waitStart')}</p>}
        {(view.state === 'DECRYPTING' || (me.decryption !== null && me.decryption !== 'PENDING')) && <DecryptPanel hall={hall} view={view} />}
        {(view.state === 'CONFIRMING' || me.confirmed) && <Confirm hall={hall} view={view} />}
      </div>
    </Card>
  );
}

function SignIn({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const { orgId } = useSignedInUser();
  const signIn = useMutation({ mutationFn: () => hall.request('opening:signIn', {}) });
  // Before the deadline the sign-in is sealed and only its acknowledgement says when it was made.
  const signedInAt = signIn.data?.signedInAt ?? view.participants.find((p) => p.bidderOrgId === orgId)?.signedInAt;
  const open = ['SIGN_IN', 'DEADLINE', 'DECRYPTING', 'ANNOUNCING', 'CONFIRMING'].includes(view.state);
  if (view.me?.signedIn) {
    return (
      <section className="bidder-step bidder-step-done" aria-label={t('opening.me.signInHeading')} tabIndex={-1}>
        <h3>{t('opening.me.signInHeading')}</h3>
        <p data-testid="signed-in">
          <span className="tag tag-active">{t('opening.me.signedIn')}</span>
          {signedInAt && <span className="muted small"> {dateTime.format(new Date(signedInAt))}</span>}
        </p>
      </section>
    );
  }
  if (!open && view.state !== 'SCHEDULED') return null;
  return (
    <section className="bidder-step" aria-label={t('opening.me.signInHeading')} tabIndex={-1}>
      <h3>{t('opening.me.signInHeading')}</h3>
      <p className="muted">{view.state === 'SCHEDULED' ? t('opening.me.signInOpens') : t('opening.me.signInIntro')}</p>
      <div className="card-footer">
        <button type="button" className="button button-primary" disabled={!open || signIn.isPending} onClick={() => signIn.mutate()}>
          {signIn.isPending ? t('opening.me.signingIn') : t('opening.me.signIn')}
        </button>
        {view.state === 'SCHEDULED' && <Countdown until={view.times.signInAt} />}
      </div>
      {signIn.isError && <ErrorNotice error={signIn.error} />}
    </section>
  );
}

function Confirm({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const confirm = useMutation({ mutationFn: () => hall.request('opening:confirm', {}) });
  if (view.me?.confirmed) {
    return (
      <section className="bidder-step bidder-step-done" aria-label={t('opening.confirm.heading')} tabIndex={-1}>
        <h3>{t('opening.confirm.heading')}</h3>
        <p data-testid="confirmed">
          <span className="tag tag-active">{t('opening.confirm.done')}</span>
        </p>
      </section>
    );
  }
  return (
    <section className="bidder-step" aria-label={t('opening.confirm.heading')} tabIndex={-1}>
      <h3>{t('opening.confirm.heading')}</h3>
      <p className="muted">{t('opening.confirm.intro')}</p>
      <div className="card-footer">
        <button type="button" className="button button-primary" disabled={view.state !== 'CONFIRMING' || confirm.isPending} onClick={() => confirm.mutate()}>
          {confirm.isPending ? t('opening.confirm.confirming') : t('opening.confirm.submit')}
        </button>
        {view.times.confirmEndsAt && view.state === 'CONFIRMING' && <Countdown until={view.times.confirmEndsAt} />}
      </div>
      {confirm.isError && <ErrorNotice error={confirm.error} />}
    </section>
  );
}
