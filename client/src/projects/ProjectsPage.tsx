import { apiRoutes, type TProject } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../api/queries';
import { useSignedInUser } from '../auth/use-session';
import { Card, PageHeading } from '../ui/Card';
import { useDateTimeFormat, useYuan } from '../ui/format';
import { Pagination } from '../ui/Pagination';
import { QueryState } from '../ui/QueryState';
import { ProjectStatusTag } from './ProjectFacts';

const PAGE_SIZE = 20;
const STATUSES = ['DRAFT', 'PUBLISHED'] as const satisfies readonly TProject['status'][];
type StatusFilter = (typeof STATUSES)[number] | 'ALL';

const isStatus = (value: string | null): value is TProject['status'] => (STATUSES as readonly (string | null)[]).includes(value);

/** The projects an agency runs, a tenderer owns, or (for supervisors) all of them. */
export function ProjectsPage() {
  const { t } = useTranslation();
  const { role } = useSignedInUser();
  const yuan = useYuan();
  const dateTime = useDateTimeFormat();
  const [search, setSearch] = useSearchParams();
  const requested = search.get('status');
  const status = isStatus(requested) ? requested : undefined;
  const page = Math.max(1, Math.trunc(Number(search.get('page'))) || 1);
  const projects = useApiQuery(apiRoutes.projects.list, { query: { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) } });
  const filters: StatusFilter[] = ['ALL', ...STATUSES];
  const show = (next: { status: TProject['status'] | undefined; page: number }) =>
    setSearch({ ...(next.status ? { status: next.status } : {}), ...(next.page > 1 ? { page: String(next.page) } : {}) });

  return (
    <>
      <PageHeading title={t('projects.heading')} intro={role === 'AGENCY' ? t('projects.introAgency') : role === 'TENDERER' ? t('projects.introTenderer') : t('projects.introSupervisor')} />
      <Card
        title={t('projects.listHeading')}
        actions={
          <>
            <div className="segmented" role="group" aria-label={t('projects.statusFilter')}>
              {filters.map((filter) => (
                <button key={filter} type="button" aria-pressed={(status ?? 'ALL') === filter} onClick={() => show({ status: filter === 'ALL' ? undefined : filter, page: 1 })}>
                  {filter === 'ALL' ? t('projects.all') : t(`projectStatus.${filter}`)}
                </button>
              ))}
            </div>
            {role === 'AGENCY' && (
              <Link className="button button-primary button-small" to="/projects/new">
                {t('projects.create')}
              </Link>
            )}
          </>
        }
      >
        <QueryState query={projects} isEmpty={(data) => data.items.length === 0} empty={role === 'AGENCY' && !status ? t('projects.emptyAgency') : t('projects.empty')}>
          {(data) => (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('project.code')}</th>
                      <th scope="col">{t('project.name')}</th>
                      <th scope="col">{t('project.type')}</th>
                      {role !== 'TENDERER' && <th scope="col">{t('project.tenderer')}</th>}
                      {role !== 'AGENCY' && <th scope="col">{t('project.agency')}</th>}
                      <th scope="col" className="num">
                        {t('project.estimatedPrice')}
                      </th>
                      <th scope="col">{t('projects.sections')}</th>
                      <th scope="col">{t('projects.status')}</th>
                      <th scope="col">{t('projects.createdAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((project) => (
                      <tr key={project.id}>
                        <td className="mono">{project.code}</td>
                        <th scope="row">
                          <Link to={`/projects/${project.id}`}>{project.name}</Link>
                        </th>
                        <td>{t(`projectTypes.${project.type}`)}</td>
                        {role !== 'TENDERER' && <td>{project.tenderer.name}</td>}
                        {role !== 'AGENCY' && <td>{project.agency.name}</td>}
                        <td className="num nowrap">{yuan(project.estimatedPrice)}</td>
                        <td className="num">{project.sections.length}</td>
                        <td>
                          <ProjectStatusTag status={project.status} />
                        </td>
                        <td className="nowrap">{dateTime.format(new Date(project.createdAt))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(next) => show({ status, page: next })} />
            </>
          )}
        </QueryState>
      </Card>
    </>
  );
}
