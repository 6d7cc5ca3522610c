import { apiRoutes, type TAnnouncement, type TProjectType, ZProjectType } from '@bidhall/contracts';
import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../api/queries';
import { Card, PageHeading } from '../ui/Card';
import { Countdown } from '../ui/Countdown';
import { useDateTimeFormat } from '../ui/format';
import { Pagination } from '../ui/Pagination';
import { QueryState } from '../ui/QueryState';

const PAGE_SIZE = 10;

/** The public list of announcements (招标公告); the search lives in the address, so results can be shared and revisited. */
export function PortalPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const q = search.get('q') ?? '';
  const region = search.get('region') ?? '';
  const type = ZProjectType.safeParse(search.get('type')).data;
  const page = Math.max(1, Math.trunc(Number(search.get('page'))) || 1);
  const list = useApiQuery(apiRoutes.projects.portalList, {
    query: { ...(q ? { q } : {}), ...(region ? { regionCode: region } : {}), ...(type ? { type } : {}), page, pageSize: PAGE_SIZE },
  });

  const go = (next: { q: string; region: string; type: TProjectType | undefined; page: number }) => {
    const params = new URLSearchParams();
    if (next.q) params.set('q', next.q);
    if (next.region) params.set('region', next.region);
    if (next.type) params.set('type', next.type);
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    go({
      q: String(form.get('q') ?? '').trim(),
      region: String(form.get('region') ?? '').trim(),
      type: ZProjectType.safeParse(form.get('type')).data,
      page: 1,
    });
  };

  return (
    <>
      <PageHeading title={t('portal.heading')} intro={t('portal.intro')} />
      <div className="panels">
        <SearchForm key={search.toString()} q={q} region={region} type={type} onSubmit={submit} onReset={() => setSearch({})} />
        <Card title={list.isSuccess ? t('portal.results', { total: list.data.total }) : t('portal.resultsHeading')}>
          <QueryState query={list} isEmpty={(data) => data.items.length === 0} empty={t('portal.empty')}>
            {(data) => (
              <>
                <ul className="announcement-list">
                  {data.items.map((item) => (
                    <AnnouncementItem key={item.id} announcement={item} />
                  ))}
                </ul>
                <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(next) => go({ q, region, type, page: next })} />
              </>
            )}
          </QueryState>
        </Card>
      </div>
    </>
  );
}

function SearchForm({
  q,
  region,
  type,
  onSubmit,
  onReset,
}: {
  q: string;
  region: string;
  type: TProjectType | undefined;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  onReset(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <form className="card search-form" role="search" aria-label={t('portal.searchLabel')} onSubmit={onSubmit}>
      <div className="field field-grow">
        <label htmlFor={`${id}-q`}>{t('portal.query')}</label>
        <input id={`${id}-q`} name="q" type="search" defaultValue={q} maxLength={100} placeholder={t('portal.queryPlaceholder')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-region`}>{t('portal.region')}</label>
        <input
          id={`${id}-region`}
          name="region"
          defaultValue={region}
          inputMode="numeric"
          pattern="\d{2,6}"
          maxLength={6}
          placeholder={t('portal.regionPlaceholder')}
          title={t('portal.regionHint')}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('portal.type')}</label>
        <select id={`${id}-type`} name="type" defaultValue={type ?? ''}>
          <option value="">{t('portal.allTypes')}</option>
          {ZProjectType.options.map((option) => (
            <option key={option} value={option}>
              {t(`projectTypes.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="search-actions">
        <button type="submit" className="button button-primary">
          {t('portal.search')}
        </button>
        <button type="button" className="button button-quiet" onClick={onReset}>
          {t('portal.reset')}
        </button>
      </div>
    </form>
  );
}

function AnnouncementItem({ announcement }: { announcement: TAnnouncement }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const deadlines = (sections: TAnnouncement['sections']) => sections.map((s) => s.bidDeadline).sort();
  // The next deadline still open for bids, or the last one once all have passed.
  const nextDeadline = deadlines(announcement.sections.filter((s) => s.phase === 'BIDDING'))[0] ?? deadlines(announcement.sections).at(-1);
  return (
    <li className="announcement-item">
      <div className="announcement-main">
        <Link className="announcement-title" to={`/portal/${announcement.id}`}>
          {announcement.name}
        </Link>
        <div className="announcement-meta">
          <span className="tag tag-type">{t(`projectTypes.${announcement.type}`)}</span>
          <span className="mono">{announcement.code}</span>
          <span>{t('portal.regionValue', { code: announcement.regionCode })}</span>
          <span>{announcement.tenderer.name}</span>
          <span>{t('portal.sections', { n: announcement.sections.length })}</span>
          {announcement.amendments.length > 0 && <span className="tag tag-amended">{t('portal.amended', { n: announcement.amendments.length })}</span>}
        </div>
        <div className="announcement-meta muted">{t('portal.publishedAt', { time: dateTime.format(new Date(announcement.publishedAt)) })}</div>
      </div>
      {nextDeadline && (
        <div className="announcement-side">
          <span className="muted small">{t('portal.deadline')}</span>
          <time dateTime={nextDeadline}>{dateTime.format(new Date(nextDeadline))}</time>
          <Countdown until={nextDeadline} />
        </div>
      )}
    </li>
  );
}
