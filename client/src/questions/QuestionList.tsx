import type { TQuestion } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../ui/format';

/** Questions with their status and, once published, their answers; never who asked. */
export function QuestionList({ questions, empty, showStatus = true }: { questions: readonly TQuestion[]; empty: string; showStatus?: boolean }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  if (questions.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ol className="questions">
      {questions.map((q) => (
        <li key={q.id} className="question" data-testid="question" data-status={q.status}>
          <div className="question-meta">
            {showStatus && <span className={`tag ${q.status === 'ANSWERED' ? 'tag-active' : 'tag-pending'}`}>{t(`questions.status.${q.status}`)}</span>}
            <time className="muted small" dateTime={q.askedAt}>
              {t('questions.askedAt', { time: dateTime.format(new Date(q.askedAt)) })}
            </time>
          </div>
          <p className="question-text">
            <span className="muted">{t('questions.q')}</span> {q.text}
          </p>
          {q.answer !== null && (
            <p className="question-answer">
              <span className="muted">{t('questions.a')}</span> {q.answer}{' '}
              {q.answeredVersion !== null && <span className="tag tag-version">{t('questions.inVersion', { version: q.answeredVersion })}</span>}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
