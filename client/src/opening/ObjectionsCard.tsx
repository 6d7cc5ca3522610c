import type { TObjection, TOpeningView } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { useSignedInUser } from '../auth/use-session';
import { Card } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { type SentObjection, sentObjectionState } from './objection-status';
import type { OpeningHall } from './use-opening';

const OPEN_FOR_OBJECTIONS = ['DECRYPTING', 'ANNOUNCING', 'CONFIRMING'];

/** 异议: raised by bidders in the hall, answered by the host on the spot, both kept on the record. */
export function ObjectionsCard({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const open = OPEN_FOR_OBJECTIONS.includes(view.state);
  return (
    <Card title={t('opening.objections.heading', { n: view.objections.length })}>
      {view.objections.length === 0 ? (
        <p className="empty">{t('opening.objections.empty')}</p>
      ) : (
        <ol className="objections" data-testid="objections">
          {view.objections.map((objection) => (
            <Objection key={objection.id} objection={objection} hall={hall} canAnswer={view.role === 'HOST' && open} />
          ))}
        </ol>
      )}
      {view.role === 'BIDDER' && open && <RaiseObjection hall={hall} objections={view.objections} />}
    </Card>
  );
}

function Objection({ objection, hall, canAnswer }: { objection: TObjection; hall: OpeningHall; canAnswer: boolean }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const headingId = useId();
  return (
    // A focus landing: once the host's answer form has done its job and goes, focus stays on the objection, now answered.
    <li className="objection" aria-labelledby={headingId} data-answered={objection.answeredAt ? 'true' : 'false'} tabIndex={-1}>
      <div className="objection-meta" id={headingId}>
        <strong>{objection.bidderName}</strong>
        <span className="muted small">{dateTime.format(new Date(objection.raisedAt))}</span>
        {!objection.answeredAt && <span className="tag tag-pending">{t('opening.objections.unanswered')}</span>}
      </div>
      <p className="objection-text">{objection.text}</p>
      {objection.answer && objection.answeredAt && (
        <div className="objection-answer">
          <span className="small muted">
            {t('opening.objections.answeredAt', { time: dateTime.format(new Date(objection.answeredAt)) })}
          </span>
          <p>{objection.answer}</p>
        </div>
      )}
      {canAnswer && !objection.answeredAt && <AnswerForm hall={hall} objection={objection} />}
    </li>
  );
}

function AnswerForm({ hall, objection }: { hall: OpeningHall; objection: TObjection }) {
  const { t } = useTranslation();
  const id = useId();
  const [answer, setAnswer] = useState('');
  const send = useMutation({ mutationFn: () => hall.request('opening:answer', { objectionId: objection.id, answer: answer.trim() }) });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <form className="objection-form" aria-label={t('opening.objections.answerFor', { name: objection.bidderName })} onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>{t('opening.objections.answer')}</label>
        <textarea id={id} rows={2} required minLength={2} maxLength={2000} value={answer} onChange={(event) => setAnswer(event.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={send.isPending}>
          {send.isPending ? t('opening.objections.answering') : t('opening.objections.answerSubmit')}
        </button>
      </div>
      {send.isError && <ErrorNotice error={send.error} />}
    </form>
  );
}

function RaiseObjection({ hall, objections }: { hall: OpeningHall; objections: readonly TObjection[] }) {
  const { t } = useTranslation();
  const { orgId } = useSignedInUser();
  const id = useId();
  const [text, setText] = useState('');
  // One id per objection: resending after a lost answer cannot raise it twice.
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const [sent, setSent] = useState<SentObjection | null>(null);
  const raise = useMutation({
    mutationFn: async (raised: string) => {
      try {
        return (await hall.request('opening:object', { text: raised, clientId })).objectionId;
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'ALREADY_DONE')) throw error;
        return null;
      }
    },
    onSuccess: (objectionId, raised) => {
      setText('');
      setClientId(crypto.randomUUID());
      setSent({ objectionId, text: raised, bidderOrgId: orgId ?? '' });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(null);
    raise.mutate(text.trim());
  };
  const rateLimited = raise.error instanceof ApiError && raise.error.code === 'RATE_LIMITED';
  return (
    <form className="objection-form" aria-label={t('opening.objections.raise')} onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>{t('opening.objections.text')}</label>
        <textarea id={id} rows={3} required minLength={2} maxLength={2000} value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={raise.isPending}>
          {raise.isPending ? t('opening.objections.submitting') : t('opening.objections.submit')}
        </button>
      </div>
      <div role="status">
        {sent &&
          (sentObjectionState(objections, sent) === 'answered' ? (
            <p className="notice notice-success" data-testid="objection-sent" data-state="answered">
              {t('opening.objections.sentAnswered')}
            </p>
          ) : (
            <p className="notice notice-info" data-testid="objection-sent" data-state="waiting">
              {t('opening.objections.sent')}
            </p>
          ))}
      </div>
      {rateLimited ? (
        <p className="notice notice-error" role="alert">
          {t('opening.objections.rateLimited')}
        </p>
      ) : (
        raise.isError && <ErrorNotice error={raise.error} />
      )}
    </form>
  );
}
