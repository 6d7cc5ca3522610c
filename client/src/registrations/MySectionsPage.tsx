import { apiRoutes } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../api/queries';
import { BidLink } from '../bids/BidLink';
import { OpeningHallLink } from '../opening/OpeningHallLink';
import { Card, PageHeading } from '../ui/Card';
import { Countdown } from '../ui/Countdown';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';

/** The sections the bidder's organization registered for, with the time left to bid. */
export function MySectionsPage() {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const registrations = useApiQuery(apiRoutes.projects.myRegistrations);
  return (
    <>
      <PageHeading title={t('mySections.heading')} intro={t('mySections.intro')} />
      <Card
        title={t('mySections.listHeading')}
        actions={
          <Link className="button button-outline button-small" to="/portal">
            {t('mySections.browse')}
          </Link>
        }
      >
        <QueryState query={registrations} isEmpty={(data) => data.items.length === 0} empty={t('mySections.empty')}>
          {(data) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('mySections.project')}</th>
                    <th scope="col">{t('mySections.section')}</th>
                    <th scope="col">{t('mySections.registeredAt')}</th>
                    <th scope="col">{t('sectionFields.bidDeadline')}</th>
                    <th scope="col">{t('mySections.timeLeft')}</th>
                    <th scope="col">{t('mySections.bid')}</th>
                    <th scope="col">{t('mySections.opening')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.sectionId}>
                      <th scope="row">
                        <Link to={`/portal/${r.projectId}`}>{r.projectName}</Link>
                      </th>
                      <td>{r.sectionName}</td>
                      <td className="nowrap">{dateTime.format(new Date(r.registeredAt))}</td>
                      <td className="nowrap">{dateTime.format(new Date(r.bidDeadline))}</td>
                      <td className="nowrap">
                        <Countdown until={r.bidDeadline} />
                      </td>
                      <td>
                        <BidLink projectId={r.projectId} sectionId={r.sectionId} bidDeadline={r.bidDeadline} />
                      </td>
                      <td>
                        <OpeningHallLink sectionId={r.sectionId} name={`${r.projectName} · ${r.sectionName}`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </Card>
    </>
  );
}
