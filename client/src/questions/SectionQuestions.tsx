import { apiRoutes, type TSection } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { useMyRegistration } from '../portal/use-my-registration';
import { useServerNow } from '../realtime/server-time';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';
import { QuestionList } from './QuestionList';

/**
 * Questions and answers (答疑) on a section's announcement: everyone reads the published answers;
 * a registered bidder asks before the cut-off, unnamed, and follows its own questions.
 */
export function SectionQuestions({ section }: { section: TSection }) {
  const { t } = useTranslation();
  const headingId = useId();
  const dateTime = useDateTimeFormat();
  const { registration } = useMyRegistration(section.id);
  const answers = useApiQuery(apiRoutes.questions.published, { params: { sectionId: section.id } });
  return (
    <section className="section-questions" aria-labelledby={headingId} data-testid="section-questions">
      <h4 id={headingId}>{t('questions.heading')}</h4>
      <p className="deadline-inline">
        <span className="muted">{t('questions.closesAt')}</span>{' '}
        <time dateTime={section.questionsCloseAt}>{dateTime.format(new Date(section.questionsCloseAt))}</time> {section.phase === 'BIDDING' && <Countdown until={section.questionsCloseAt} />}
      </p>
      {registration && <BidderQuestions section={section} />}
      <h5>{t('questions.publishedHeading')}</h5>
      <QueryState query={answers}>{(data) => <QuestionList questions={data.items} empty={t('questions.noneAnswered')} showStatus={false} />}</QueryState>
    </section>
  );
}

function BidderQuestions({ section }: { section: TSection }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const now = useServerNow();
  const mine = useApiQuery(apiRoutes.questions.mine, { params: { sectionId: section.id } });
  const [text, setText] = useState('');
  // Kept until the question is accepted, so a retry after a lost answer is the same question.
  const [questionId, setQuestionId] = useState(() => crypto.randomUUID());
  const open = section.phase === 'BIDDING' && (now === null || now < Date.parse(section.questionsCloseAt));
  const ask = useMutation({
    mutationFn: () => api.call(apiRoutes.questions.ask, { params: { sectionId: section.id }, body: { id: questionId, text } }),
    onSuccess: async () => {
      setText('');
      setQuestionId(crypto.randomUUID());
      await queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.questions.mine) });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    ask.mutate();
  };
  return (
    <>
      {open ? (
        <form className="ask-question" onSubmit={submit}>
          <div className="field field-wide">
            <label htmlFor={`${id}-text`}>
              {t('questions.ask')}
            </label>
            <textarea id={`${id}-text`} value={text} onChange={(event) => setText(event.target.value)} rows={3} minLength={5} maxLength={2000} required aria-describedby={`${id}-hint`} />
            <p className="field-hint" id={`${id}-hint`}>
              {t('questions.anonymous')}
            </p>
          </div>
          <button type="submit" className="button button-primary button-small" disabled={ask.isPending || text.trim().length < 5}>
            {ask.isPending ? t('questions.sending') : t('questions.send')}
          </button>
          {ask.isError && <ErrorNotice error={ask.error} />}
        </form>
      ) : (
        <p className="notice notice-info">{t('questions.closed')}</p>
      )}
      <h5>{t('questions.mineHeading')}</h5>
      <QueryState query={mine}>{(data) => <QuestionList questions={data.items} empty={t('questions.noneMine')} />}</QueryState>
    </>
  );
}
