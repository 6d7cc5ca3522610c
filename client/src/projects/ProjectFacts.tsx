import type { TAnnouncement, TProject } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat, useYuan } from '../ui/format';

/** The project part of an announcement, the same for the public and for the parties. */
export function ProjectFacts({ project }: { project: TProject | TAnnouncement }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const dateTime = useDateTimeFormat();
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('project.code')}</dt>
          <dd className="mono">{project.code}</dd>
        </div>
        <div>
          <dt>{t('project.type')}</dt>
          <dd>{t(`projectTypes.${project.type}`)}</dd>
        </div>
        <div>
          <dt>{t('project.region')}</dt>
          <dd className="mono">{project.regionCode}</dd>
        </div>
        <div>
          <dt>{t('project.estimatedPrice')}</dt>
          <dd>{yuan(project.estimatedPrice)}</dd>
        </div>
        <div>
          <dt>{t('project.tenderer')}</dt>
          <dd>{project.tenderer.name}</dd>
        </div>
        <div>
          <dt>{t('project.agency')}</dt>
          <dd>{project.agency.name}</dd>
        </div>
        {project.publishedAt && (
          <div>
            <dt>{t('project.publishedAt')}</dt>
            <dd>{dateTime.format(new Date(project.publishedAt))}</dd>
          </div>
        )}
      </dl>
      {project.description && (
        <div className="project-description">
          <h3>{t('project.description')}</h3>
          <p>{project.description}</p>
        </div>
      )}
    </>
  );
}

export function ProjectStatusTag({ status }: { status: TProject['status'] }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${status === 'DRAFT' ? 'draft' : 'active'}`}>{t(`projectStatus.${status}`)}</span>;
}
