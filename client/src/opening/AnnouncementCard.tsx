import { exceedsCeiling, type TOpeningView, type TParticipant, yuanInWords, ZMoney } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Card } from '../ui/Card';
import { useYuan } from '../ui/format';
import { fieldHeading, formatFormValue } from './form-values';
import { DecryptionTag } from './ParticipantsCard';

type Field = TOpeningView['openingFormFields'][number];

/** The bid price: the opening form's required money field `price`. */
const PRICE_KEY = 'price';

/** A money value in figures and, when its unit is the yuan, in capitals (大写); a price above the ceiling is flagged as a fact. */
function MoneyValue({ field, value, aboveCeiling }: { field: Field; value: string | number | undefined; aboveCeiling: boolean }) {
  const { t } = useTranslation();
  const inYuan = (field.unit ?? '元') === '元' && typeof value === 'string' && ZMoney.safeParse(value).success;
  return (
    <>
      <span className="nowrap">{formatFormValue(field, value)}</span>
      {inYuan && <span className="amount-words">{yuanInWords(value)}</span>}
      {aboveCeiling && (
        <span className="tag tag-over-ceiling" data-testid="above-ceiling">
          {t('opening.announcement.aboveCeiling')}
        </span>
      )}
    </>
  );
}

function AnnouncedRow({ view, participant: p }: { view: TOpeningView; participant: TParticipant }) {
  const { t } = useTranslation();
  const aboveCeiling = p.form !== null && exceedsCeiling(p.form[PRICE_KEY], view.ceilingPrice);
  const head = (
    <>
      <td className="num">{p.order}</td>
      <th scope="row">{p.bidderName}</th>
    </>
  );
  if (!p.announcedAt) {
    return (
      <tr className="row-waiting" data-announced="false">
        {head}
        <td colSpan={view.openingFormFields.length} className="muted">
          {t('opening.announcement.waiting')}
        </td>
      </tr>
    );
  }
  return (
    <tr data-announced="true" className={aboveCeiling ? 'row-over-ceiling' : undefined}>
      {head}
      {p.form ? (
        view.openingFormFields.map((field) => (
          <td key={field.key} className={field.type === 'text' ? undefined : 'num'}>
            {field.type === 'money' ? (
              <MoneyValue field={field} value={p.form?.[field.key]} aboveCeiling={aboveCeiling && field.key === PRICE_KEY} />
            ) : (
              <span className="nowrap">{formatFormValue(field, p.form?.[field.key])}</span>
            )}
          </td>
        ))
      ) : (
        <td colSpan={view.openingFormFields.length}>
          <DecryptionTag participant={p} /> <span className="small muted">{p.failureNote}</span>
        </td>
      )}
    </tr>
  );
}

/** 唱标: each bid's opening form in the order fixed at the deadline, as it is announced, one column per field of the tender. */
export function AnnouncementCard({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const started = view.state === 'ANNOUNCING' || view.state === 'CONFIRMING' || view.state === 'CLOSED';
  const withUnit = (label: string, unit: string) => t('opening.announcement.withUnit', { label, unit });
  const anyAbove = view.participants.some((p) => p.form !== null && exceedsCeiling(p.form[PRICE_KEY], view.ceilingPrice));
  return (
    <Card title={t('opening.announcement.heading')}>
      {!started ? (
        <p className="empty">{t('opening.announcement.pending')}</p>
      ) : (
        <>
          <p className="muted small">
            {t('opening.announcement.intro')}{' '}
            {view.ceilingPrice ? t('opening.announcement.ceiling', { ceiling: yuan(view.ceilingPrice) }) : t('opening.announcement.noCeiling')}
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="announcement">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('opening.participants.order')}
                  </th>
                  <th scope="col">{t('opening.participants.bidder')}</th>
                  {view.openingFormFields.map((field) => (
                    <th key={field.key} scope="col" className={field.type === 'text' ? undefined : 'num'}>
                      {fieldHeading(field, withUnit)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.participants.map((p) => (
                  <AnnouncedRow key={p.bidderOrgId} view={view} participant={p} />
                ))}
              </tbody>
            </table>
          </div>
          {anyAbove && (
            <p className="notice notice-info small" data-testid="ceiling-note">
              {t('opening.announcement.ceilingNote')}
            </p>
          )}
        </>
      )}
    </Card>
  );
}
