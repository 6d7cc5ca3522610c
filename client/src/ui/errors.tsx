import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { useDateTimeFormat, useYuan } from './format';

export interface FieldIssue {
  /** Dotted path into the request body, e.g. `scoringTemplate.technical.0.label`; empty for the body as a whole. */
  path: string;
  message: string;
}

/** The fields a VALIDATION_FAILED answer names, from its details. */
export function validationIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return [];
  return (error.details as unknown[]).flatMap((issue) =>
    typeof issue === 'object' && issue !== null && 'path' in issue && typeof issue.path === 'string'
      ? [{ path: issue.path, message: 'message' in issue && typeof issue.message === 'string' ? issue.message : '' }]
      : [],
  );
}

function detail(error: ApiError, key: string): string | null {
  const details = error.details;
  if (typeof details !== 'object' || details === null || !(key in details)) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

/** The translated message for an error, by its code, with what the platform's details add to it. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const yuan = useYuan();
  const dateTime = useDateTimeFormat();
  return (error) => {
    if (!(error instanceof ApiError)) return t('common.unexpected');
    const hints: string[] = [];
    const seconds = error.retryAfterSeconds;
    if (seconds !== null) hints.push(t('errorHints.retryAfter', { seconds }));
    const maximum = error.code === 'BOND_EXCEEDS_LIMIT' ? detail(error, 'maximum') : null;
    if (maximum) hints.push(t('errorHints.bondMaximum', { maximum: yuan(maximum) }));
    const serverTime = error.code === 'DEADLINE_IN_PAST' ? detail(error, 'serverTime') : null;
    if (serverTime) hints.push(t('errorHints.serverTime', { time: dateTime.format(new Date(serverTime)) }));
    return [t(`errors.${error.code}`), ...hints].join(' ');
  };
}

/**
 * An error in words. The fields a refusal names are listed by their labels; the platform's own
 * wording of each issue (English, for developers) and the field paths are shown only in the
 * English interface, so the Chinese one carries no codes or English.
 */
export function ErrorNotice({ error, onRetry, fieldLabel }: { error: unknown; onRetry?: () => void; fieldLabel?: (path: string) => string | null }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const english = i18n.language === 'en';
  const issues = validationIssues(error).map((issue) => ({ ...issue, label: fieldLabel?.(issue.path) ?? null }));
  const shown = english ? issues : issues.filter((issue) => issue.label);
  const unnamed = issues.length - shown.length;
  return (
    <div className="notice notice-error" role="alert">
      <div className="notice-body">
        <span>{errorText(error)}</span>
        {(shown.length > 0 || unnamed > 0) && (
          <ul className="notice-issues">
            {shown.map((issue, index) => (
              <li key={index}>
                {issue.label && <strong>{issue.label}</strong>}
                {english && (
                  <>
                    {' '}
                    <code>{issue.path || t('errorHints.wholeRequest')}</code>
                    {issue.message && <span className="notice-issue-message"> {issue.message}</span>}
                  </>
                )}
              </li>
            ))}
            {unnamed > 0 && <li>{t('errorHints.otherFields', { n: unnamed })}</li>}
          </ul>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
