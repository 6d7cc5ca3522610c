import { apiRoutes } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../api/queries';
import { AmendmentList } from '../projects/AmendmentList';
import { ProjectFacts } from '../projects/ProjectFacts';
import { SectionDetails } from '../projects/SectionDetails';
import { Card, PageHeading } from '../ui/Card';
import { SectionQuestions } from '../questions/SectionQuestions';
import { AnnouncedDocuments } from '../tender-documents/AnnouncedDocuments';
import { QueryState } from '../ui/QueryState';
import { RegisterInterest } from './RegisterInterest';

/** One announcement (招标公告) as the public sees it, with its sections, their tender documents and answered questions, and every amendment. */
export function AnnouncementPage() {
  const { t } = useTranslation();
  const { projectId = '' } = useParams();
  const announcement = useApiQuery(apiRoutes.projects.portalGet, { params: { projectId } });
  return (
    <>
      <Link className="back-link" to="/portal">
        {t('portal.back')}
      </Link>
      <QueryState query={announcement}>
        {(data) => (
          <>
            <PageHeading title={data.name} intro={t('portal.announcementIntro', { code: data.code })} />
            <div className="panels">
              <Card title={t('project.heading')}>
                <ProjectFacts project={data} />
              </Card>
              <Card title={t('section.listHeading', { n: data.sections.length })}>
                <div className="section-list">
                  {data.sections.map((section) => (
                    <SectionDetails key={section.id} section={section} actions={<RegisterInterest section={section} />}>
                      <AnnouncedDocuments section={section} />
                      <SectionQuestions section={section} />
                    </SectionDetails>
                  ))}
                </div>
              </Card>
              <Card title={t('amendments.heading')}>
                <AmendmentList amendments={data.amendments} sections={data.sections} />
              </Card>
            </div>
          </>
        )}
      </QueryState>
    </>
  );
}
