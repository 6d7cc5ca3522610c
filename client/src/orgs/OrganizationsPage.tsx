import { type TOrgStatus, ZOrgStatus } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Card, PageHeading } from '../ui/Card';
import { OrganizationTable } from './OrganizationTable';

const ALL = 'ALL';

export function OrganizationsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const requested = search.get('status') ?? 'PENDING';
  const status: TOrgStatus | undefined = requested === ALL ? undefined : (ZOrgStatus.safeParse(requested).data ?? 'PENDING');
  const filters: (TOrgStatus | typeof ALL)[] = [...ZOrgStatus.options, ALL];
  return (
    <>
      <PageHeading title={t('orgs.pageHeading')} intro={t('orgs.pageIntro')} />
      <Card
        title={status ? t(`orgStatus.${status}`) : t('orgs.all')}
        actions={
          <div className="segmented" role="group" aria-label={t('orgs.filterLabel')}>
            {filters.map((filter) => (
              <button
                key={filter}
                type="button"
                aria-pressed={(status ?? ALL) === filter}
                onClick={() => setSearch(filter === 'PENDING' ? {} : { status: filter }, { replace: true })}
              >
                {filter === ALL ? t('orgs.all') : t(`orgStatus.${filter}`)}
              </button>
            ))}
          </div>
        }
      >
        <OrganizationTable status={status} />
      </Card>
    </>
  );
}
