import { apiRoutes } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import { Card, PageHeading } from '../ui/Card';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';
import { EvaluationRoomLink } from './EvaluationRoomLink';

/** The committees the expert sits on, each with the way into its evaluation room. */
export function CommitteesPage() {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const seats = useApiQuery(apiRoutes.committee.mine);
  return (
    <>
      <PageHeading title={t('evaluation.committees.heading')} intro={t('evaluation.committees.intro')} />
      <Card title={t('evaluation.committees.heading')}>
        <QueryState query={seats} isEmpty={(data) => data.items.length === 0} empty={t('evaluation.committees.empty')}>
          {(data) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('evaluation.committees.project')}</th>
                    <th scope="col">{t('evaluation.committees.section')}</th>
                    <th scope="col">{t('evaluation.committees.addedAt')}</th>
                    <th scope="col">{t('evaluation.committees.room')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((seat) => (
                    <tr key={seat.sectionId}>
                      <th scope="row">{seat.projectName}</th>
                      <td>{seat.sectionName}</td>
                      <td className="nowrap">{dateTime.format(new Date(seat.addedAt))}</td>
                      <td>
                        <EvaluationRoomLink sectionId={seat.sectionId} name={`${seat.projectName} · ${seat.sectionName}`} />
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
