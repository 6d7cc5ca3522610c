import type { TScoringTemplate, TSection, TSectionPhase } from '@bidhall/contracts';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerNow } from '../realtime/server-time';
import { Countdown } from '../ui/Countdown';
import { useDateTimeFormat, useYuan } from '../ui/format';
import { livePhase } from './live-phase';

/** The section's phase as of now by the server's clock, so that it agrees with the countdown beside it. */
export function PhaseTag({ phase: loaded, bidDeadline }: { phase: TSectionPhase; bidDeadline: string }) {
  const { t } = useTranslation();
  const phase = livePhase(loaded, bidDeadline, useServerNow());
  return <span className={`tag tag-phase-${phase.toLowerCase()}`}>{t(`phases.${phase}`)}</span>;
}

/** Everything a bidder needs to know about one section (标段), as announced. */
export function SectionDetails({ section, actions, children }: { section: TSection; actions?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const dateTime = useDateTimeFormat();
  const headingId = useId();
  return (
    <article className="section-card" aria-labelledby={headingId} data-testid="section">
      <header className="section-card-header">
        <div className="section-card-title">
          <h3 id={headingId}>{t('section.heading', { code: section.code, name: section.name })}</h3>
          <PhaseTag phase={section.phase} bidDeadline={section.bidDeadline} />
          {section.version > 0 && <span className="tag tag-version">{t('section.version', { version: section.version })}</span>}
        </div>
        {actions && <div className="row-actions">{actions}</div>}
      </header>
      <div className="deadline-box">
        <span className="deadline-label">{t('sectionFields.bidDeadline')}</span>
        <time className="deadline-time" dateTime={section.bidDeadline}>
          {dateTime.format(new Date(section.bidDeadline))}
        </time>
        {section.phase !== 'DRAFT' && <Countdown until={section.bidDeadline} />}
      </div>
      <dl className="facts">
        <div>
          <dt>{t('sectionFields.estimatedPrice')}</dt>
          <dd>{yuan(section.estimatedPrice)}</dd>
        </div>
        <div>
          <dt>{t('sectionFields.ceilingPrice')}</dt>
          <dd>{section.ceilingPrice ? yuan(section.ceilingPrice) : t('section.noCeiling')}</dd>
        </div>
        <div>
          <dt>{t('sectionFields.bondAmount')}</dt>
          <dd>{yuan(section.bondAmount)}</dd>
        </div>
        <div>
          <dt>{t('sectionFields.bidValidityDays')}</dt>
          <dd>{t('units.days', { n: section.bidValidityDays })}</dd>
        </div>
        <div>
          <dt>{t('sectionFields.signInLeadMinutes')}</dt>
          <dd>{t('section.signInValue', { n: section.signInLeadMinutes })}</dd>
        </div>
        <div>
          <dt>{t('sectionFields.decryptWindowMinutes')}</dt>
          <dd>{t('section.decryptValue', { n: section.decryptWindowMinutes })}</dd>
        </div>
        <div>
          <dt>{t('section.questionsCloseAt')}</dt>
          <dd>
            <time dateTime={section.questionsCloseAt}>{dateTime.format(new Date(section.questionsCloseAt))}</time>
          </dd>
        </div>
        <div>
          <dt>{t('sectionFields.evaluationMethod')}</dt>
          <dd>{t(`evaluationMethods.${section.evaluationMethod}`)}</dd>
        </div>
      </dl>
      <div className="section-columns">
        <section>
          <h4>{t('sectionFields.scoringTemplate')}</h4>
          <ScoringTemplateView template={section.scoringTemplate} />
        </section>
        <section>
          <h4>{t('sectionFields.openingFormFields')}</h4>
          <OpeningFieldsView fields={section.openingFormFields} />
        </section>
      </div>
      {children}
    </article>
  );
}

function ScoringTemplateView({ template }: { template: TScoringTemplate }) {
  const { t } = useTranslation();
  if (template.method === 'LOWEST_EVALUATED_PRICE') {
    return (
      <>
        <p className="small">
          <strong>{t('template.review')}</strong> {template.review.map((item) => item.label).join(t('template.listSeparator'))}
        </p>
        {template.adjustments.length > 0 ? (
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('template.adjustment')}</th>
                <th scope="col">{t('template.maxPercent')}</th>
              </tr>
            </thead>
            <tbody>
              {template.adjustments.map((item) => (
                <tr key={item.key}>
                  <td>{item.label}</td>
                  <td className="num">{item.maxPercent} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="small muted">{t('template.noAdjustments')}</p>
        )}
        <p className="small muted">{t('template.deviation', { percent: template.deviationAlertPercent })}</p>
      </>
    );
  }
  const { price } = template;
  const benchmark =
    price.benchmark.kind === 'LOWEST_VALID'
      ? t('template.benchmarkLowest')
      : t('template.benchmarkAverage', { high: price.benchmark.excludeHighest, low: price.benchmark.excludeLowest, down: price.benchmark.downwardPercent });
  return (
    <>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('template.category')}</th>
            <th scope="col">{t('template.item')}</th>
            <th scope="col" className="num">
              {t('template.points')}
            </th>
          </tr>
        </thead>
        <tbody>
          {template.technical.map((item) => (
            <tr key={item.key}>
              <td className="muted">{t('template.technical')}</td>
              <td>{item.label}</td>
              <td className="num">{item.maxPoints}</td>
            </tr>
          ))}
          {template.commercial.map((item) => (
            <tr key={item.key}>
              <td className="muted">{t('template.commercial')}</td>
              <td>{item.label}</td>
              <td className="num">{item.maxPoints}</td>
            </tr>
          ))}
          <tr>
            <td className="muted">{t('template.price')}</td>
            <td>{t('template.priceItem')}</td>
            <td className="num">{price.maxPoints}</td>
          </tr>
        </tbody>
      </table>
      <p className="small">{t('template.priceRule', { benchmark, above: price.deductPerPercentAbove, below: price.deductPerPercentBelow })}</p>
      <p className="small muted">{t('template.deviation', { percent: template.deviationAlertPercent })}</p>
    </>
  );
}

function OpeningFieldsView({ fields }: { fields: TSection['openingFormFields'] }) {
  const { t } = useTranslation();
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th scope="col">{t('openingForm.label')}</th>
          <th scope="col">{t('openingForm.type')}</th>
          <th scope="col">{t('openingForm.unit')}</th>
          <th scope="col">{t('openingForm.required')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.key}>
            <td>{field.label}</td>
            <td>{t(`fieldTypes.${field.type}`)}</td>
            <td>{field.unit ?? '—'}</td>
            <td>{field.required ? t('openingForm.yes') : t('openingForm.no')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
