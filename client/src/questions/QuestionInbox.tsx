import { apiRoutes, type TSection } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { useAmendable } from '../projects/AmendmentForm';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';
import { QuestionList } from './QuestionList';

/**
 * The questions on a section for the agency running it (who answers them), its tenderer and
 * supervisors. Nobody here is told who asked. Answers are published together as a clarification.
 */
export function QuestionInbox({ section, canAnswer }: { section: TSection; canAnswer: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const inbox = useApiQuery(apiRoutes.questions.inbox, { params: { sectionId: section.id } });
  const amendable = useAmendable(section);
  return (
    <section className="section-questions" aria-labelledby={headingId} data-testid="question-inbox">
      <h4 id={headingId}>{t('questions.inboxHeading')}</h4>
      <p className="muted small">{t('questions.inboxIntro')}</p>
      <QueryState query={inbox}>
        {(data) => {
          const pending = data.items.filter((q) => q.status === 'PENDING');
          const answered = data.items.filter((q) => q.status === 'ANSWERED');
          return (
            <>
              {canAnswer && amendable && pending.length > 0 ? (
                <AnswerForm section={section} pending={pending} />
              ) : (
                <QuestionList questions={pending} empty={t('questions.nonePending')} />
              )}
              {answered.length > 0 && (
                <>
                  <h5>{t('questions.answeredHeading', { n: answered.length })}</h5>
                  <QuestionList questions={answered} empty="" showStatus={false} />
                </>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function AnswerForm({ section, pending }: { section: TSection; pending: { id: string; text: string; askedAt: string }[] }) {
  const { t } = useTranslation();
  const id = useId();
  const dateTime = useDateTimeFormat();
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const chosen = pending.filter((q) => (answers[q.id] ?? '').trim().length >= 2);
  const publish = useMutation({
    mutationFn: () => api.call(apiRoutes.questions.answer, { params: { sectionId: section.id }, body: { answers: chosen.map((q) => ({ questionId: q.id, answer: answers[q.id]!.trim() })) } }),
    onSuccess: async () => {
      setAnswers({});
      await Promise.all(
        [apiRoutes.questions.inbox, apiRoutes.questions.published, apiRoutes.projects.get, apiRoutes.projects.portalGet].map((route) => queryClient.invalidateQueries({ queryKey: routeKey(route) })),
      );
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    publish.mutate();
  };
  return (
    <form className="answer-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h5 id={`${id}-heading`}>{t('questions.pendingHeading', { n: pending.length })}</h5>
      <ol className="questions">
        {pending.map((q, index) => (
          <li key={q.id} className="question" data-testid="question" data-status="PENDING">
            <p className="question-text">
              <span className="muted">{t('questions.q')}</span> {q.text}{' '}
              <time className="muted small" dateTime={q.askedAt}>
                {t('questions.askedAt', { time: dateTime.format(new Date(q.askedAt)) })}
              </time>
            </p>
            <div className="field field-wide">
              <label htmlFor={`${id}-answer-${q.id}`}>{t('questions.answerOf', { n: index + 1 })}</label>
              <textarea id={`${id}-answer-${q.id}`} rows={2} maxLength={5000} value={answers[q.id] ?? ''} onChange={(event) => setAnswers((current) => ({ ...current, [q.id]: event.target.value }))} />
            </div>
          </li>
        ))}
      </ol>
      <p className="muted small">{t('questions.publishIntro', { version: section.version + 1 })}</p>
      <button type="submit" className="button button-primary button-small" disabled={chosen.length === 0 || publish.isPending}>
        {publish.isPending ? t('questions.publishing') : chosen.length === 0 ? t('questions.publishNothing') : t('questions.publish', { n: chosen.length, version: section.version + 1 })}
      </button>
      {publish.isError && <ErrorNotice error={publish.error} />}
    </form>
  );
}
