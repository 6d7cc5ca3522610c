import type { TOpeningView } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Card } from '../ui/Card';
import { fieldHeading, formatFormValue } from './form-values';
import { DecryptionTag } from './ParticipantsCard';

/** 唱标: each bid's opening form in the order fixed at the deadline, one column per field of the tender. */
export function AnnouncementCard({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const announced = view.state === 'CONFIRMING' || view.state === 'CLOSED';
  const withUnit = (label: string, unit: string) => t('opening.announcement.withUnit', { label, unit });
  return (
    <Card title={t('opening.announcement.heading')}>
      {!announced ? (
        <p className="empty">{t('opening.announcement.pending')}</p>
      ) : (
        <>
          <p className="muted small">{t('opening.announcement.intro')}</p>
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
                  <tr key={p.bidderOrgId}>
                    <td className="num">{p.order}</td>
                    <th scope="row">{p.bidderName}</th>
                    {p.form ? (
                      view.openingFormFields.map((field) => (
                        <td key={field.key} className={field.type === 'text' ? undefined : 'num nowrap'}>
                          {formatFormValue(field, p.form?.[field.key])}
                        </td>
                      ))
                    ) : (
                      <td colSpan={view.openingFormFields.length}>
                        <DecryptionTag participant={p} /> <span className="small muted">{p.failureNote}</span>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}
