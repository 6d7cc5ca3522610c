import { type TAmendment, type TScoringTemplate, type TSection, ZDocumentChangeEntry, ZOpeningFormFields, ZScoringTemplate } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat, useYuan } from '../ui/format';
import { isMoney } from '../ui/money';
import { AMENDABLE_FIELDS, type AmendableField } from './section-draft';

const isAmendable = (field: string): field is AmendableField => (AMENDABLE_FIELDS as readonly string[]).includes(field);

const points = (items: readonly { maxPoints: number }[]) => items.reduce((sum, item) => sum + item.maxPoints, 0);

/** A changed field's old or new value, formatted as the section shows it. */
function useChangedValueText(): (field: string, value: unknown) => string {
  const { t } = useTranslation();
  const yuan = useYuan();
  const dateTime = useDateTimeFormat();
  const templateSummary = (template: TScoringTemplate) =>
    template.method === 'COMPREHENSIVE'
      ? t('template.summaryComprehensive', { technical: points(template.technical), commercial: points(template.commercial), price: template.price.maxPoints })
      : t('template.summaryLowest', { review: template.review.length, adjustments: template.adjustments.length });
  return (field, value) => {
    if (value === null || value === undefined) return t('amendments.unset');
    switch (field) {
      case 'ceilingPrice':
      case 'bondAmount':
        return typeof value === 'string' && isMoney(value) ? yuan(value) : String(value);
      case 'bidDeadline':
        return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? dateTime.format(new Date(value)) : String(value);
      case 'bidValidityDays':
      case 'questionCutoffDays':
        return t('units.days', { n: Number(value) });
      case 'documents': {
        const files = ZDocumentChangeEntry.array().safeParse(value);
        if (!files.success) return JSON.stringify(value);
        return files.data.length === 0 ? t('amendments.noFiles') : files.data.map((f) => t('amendments.file', { name: f.name, hash: f.sha256.slice(0, 12) })).join(t('template.listSeparator'));
      }
      case 'signInLeadMinutes':
      case 'decryptWindowMinutes':
        return t('units.minutes', { n: Number(value) });
      case 'scoringTemplate': {
        const template = ZScoringTemplate.safeParse(value);
        return template.success ? templateSummary(template.data) : JSON.stringify(value);
      }
      case 'openingFormFields': {
        const fields = ZOpeningFormFields.safeParse(value);
        return fields.success ? fields.data.map((f) => f.label).join(t('template.listSeparator')) : JSON.stringify(value);
      }
      default:
        return typeof value === 'string' ? value : JSON.stringify(value);
    }
  };
}

/** Published clarifications and amendments (澄清 · 修改), newest first, each with exactly what it changed. */
export function AmendmentList({ amendments, sections }: { amendments: readonly TAmendment[]; sections: readonly TSection[] }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const valueText = useChangedValueText();
  if (amendments.length === 0) return <p className="empty">{t('amendments.empty')}</p>;
  const newestFirst = [...amendments].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  return (
    <div className="amendments">
      {newestFirst.map((amendment) => {
        const section = sections.find((s) => s.id === amendment.sectionId);
        const changes = Object.entries(amendment.changes);
        return (
          <article key={amendment.id} className="amendment" data-testid="amendment">
            <header className="amendment-header">
              <h3>{t('amendments.title', { version: amendment.version, section: section ? t('section.heading', { code: section.code, name: section.name }) : '' })}</h3>
              <time className="muted small" dateTime={amendment.publishedAt}>
                {t('amendments.publishedAt', { time: dateTime.format(new Date(amendment.publishedAt)) })}
              </time>
            </header>
            <p>
              <span className="muted">{t('amendments.reason')}</span> {amendment.reason}
            </p>
            {amendment.clarification && (
              <div className="clarification">
                <span className="muted">{t('amendments.clarification')}</span>
                <p>{amendment.clarification}</p>
              </div>
            )}
            {changes.length > 0 && (
              <div className="table-wrap">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('amendments.field')}</th>
                      <th scope="col">{t('amendments.from')}</th>
                      <th scope="col" className="change-arrow" aria-hidden="true"></th>
                      <th scope="col">{t('amendments.to')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map(([field, change]) => (
                      <tr key={field}>
                        <th scope="row">{isAmendable(field) ? t(`sectionFields.${field}`) : field === 'documents' ? t('documents.heading') : field}</th>
                        <td className="change-from">{valueText(field, change.from)}</td>
                        <td aria-hidden="true" className="change-arrow muted">
                          →
                        </td>
                        <td className="change-to">{valueText(field, change.to)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </article>
        );
      })}
    </div>
  );
}
