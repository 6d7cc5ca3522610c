import { useTranslation } from 'react-i18next';
import { readFailureNote } from './evidence';

/** A failed bid's note in the reader's language: who caused it and what the platform found, in words. */
export function useFailureNoteText(): (note: string | null) => string | null {
  const { t } = useTranslation();
  return (note) => {
    if (!note) return null;
    const read = readFailureNote(note);
    switch (read.cause) {
      case 'timeout':
        return t('opening.failureNotes.timeout');
      case 'other':
        return read.text;
      default:
        return t(`opening.failureNotes.${read.cause}`, { outcome: t(`opening.attempts.outcomes.${read.outcome}`) });
    }
  };
}
