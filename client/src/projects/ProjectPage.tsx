import { apiRoutes, type TProject, type TSection } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { useSignedInUser } from '../auth/use-session';
import { EvaluationRoomLink } from '../evaluation/EvaluationRoomLink';
import { OpeningHallLink } from '../opening/OpeningHallLink';
import { QuestionInbox } from '../questions/QuestionInbox';
import { SectionDocumentsPanel } from '../tender-documents/SectionDocumentsPanel';
import { Card, PageHeading } from '../ui/Card';
import { ConfirmBar } from '../ui/ConfirmBar';
import { ErrorNotice } from '../ui/errors';
import { QueryState } from '../ui/QueryState';
import { AmendmentForm, useAmendable } from './AmendmentForm';
import { AmendmentList } from './AmendmentList';
import { ProjectFacts, ProjectStatusTag } from './ProjectFacts';
import { SectionDetails } from './SectionDetails';
import { SectionForm } from './SectionForm';
import { useProjectUpdate } from './use-project-update';

/** At most one form is open on the page at a time. */
type Editor = { kind: 'add' } | { kind: 'edit'; sectionId: string } | { kind: 'delete'; sectionId: string } | { kind: 'amend'; sectionId: string } | null;

/**
 * One project with its sections. The agency running it edits the draft, publishes it and then
 * amends it; the tenderer and supervisors read the same page without the controls.
 */
export function ProjectPage() {
  const { t } = useTranslation();
  const { projectId = '' } = useParams();
  const { role } = useSignedInUser();
  const project = useApiQuery(apiRoutes.projects.get, { params: { projectId } });
  return (
    <>
      <Link className="back-link" to="/projects">
        {t('projects.back')}
      </Link>
      <QueryState query={project}>{(data) => <ProjectView project={data} canEdit={role === 'AGENCY'} />}</QueryState>
    </>
  );
}

function ProjectView({ project, canEdit }: { project: TProject; canEdit: boolean }) {
  const { t } = useTranslation();
  const [editor, setEditor] = useState<Editor>(null);
  const [announcement, setAnnouncement] = useState('');
  const draft = project.status === 'DRAFT';
  const editing = (kind: NonNullable<Editor>['kind'], section: TSection) => editor?.kind === kind && 'sectionId' in editor && editor.sectionId === section.id;

  return (
    <>
      <PageHeading title={project.name} intro={t('projectPage.intro', { code: project.code })} />
      <div role="status">{announcement && <p className="notice notice-success">{announcement}</p>}</div>
      <div className="panels">
        {canEdit && draft && <PublishPanel project={project} onPublished={() => setAnnouncement(t('projectPage.published'))} />}
        <Card title={t('project.heading')} actions={<ProjectStatusTag status={project.status} />}>
          <ProjectFacts project={project} />
        </Card>
        <Card
          title={t('section.listHeading', { n: project.sections.length })}
          actions={
            canEdit &&
            draft &&
            editor?.kind !== 'add' && (
              <button type="button" className="button button-primary button-small" onClick={() => setEditor({ kind: 'add' })}>
                {t('projectPage.addSection')}
              </button>
            )
          }
        >
          <div className="section-list">
            {project.sections.length === 0 && editor?.kind !== 'add' && <p className="empty">{canEdit ? t('projectPage.noSectionsAgency') : t('projectPage.noSections')}</p>}
            {project.sections.map((section) =>
              editing('edit', section) ? (
                <SectionForm key={section.id} project={project} section={section} onDone={() => setEditor(null)} />
              ) : (
                <SectionDetails
                  key={section.id}
                  section={section}
                  actions={
                    (!draft || canEdit) && (
                      <>
                        {!draft && <OpeningHallLink sectionId={section.id} name={t('section.heading', { code: section.code, name: section.name })} />}
                        {!draft && <EvaluationRoomLink sectionId={section.id} name={t('section.heading', { code: section.code, name: section.name })} />}
                        {canEdit && <SectionActions section={section} draft={draft} onChoose={(kind) => setEditor({ kind, sectionId: section.id })} />}
                      </>
                    )
                  }
                >
                  {draft && canEdit && !section.timeLimits.meetsIssueToDeadline && (
                    <p className={`notice ${project.mandatoryTender ? 'notice-error' : 'notice-info'}`} data-testid="time-limit-notice">
                      {t(project.mandatoryTender ? 'timeLimits.issueRefused' : 'timeLimits.issueWarning', { days: section.timeLimits.issueToDeadlineDays })}
                    </p>
                  )}
                  {/* While an amendment is being written, files are staged in its form. */}
                  <SectionDocumentsPanel section={section} canEdit={canEdit && !editing('amend', section)} />
                  {!draft && <QuestionInbox section={section} canAnswer={canEdit} />}
                  {editing('delete', section) && <DeleteSection section={section} onDone={() => setEditor(null)} />}
                  {editing('amend', section) && (
                    <AmendmentForm
                      section={section}
                      mandatoryTender={project.mandatoryTender}
                      onDone={(amendment) => {
                        setEditor(null);
                        if (amendment) setAnnouncement(t('projectPage.amended', { version: amendment.version, section: section.name }));
                      }}
                    />
                  )}
                </SectionDetails>
              ),
            )}
            {editor?.kind === 'add' && <SectionForm project={project} onDone={() => setEditor(null)} />}
          </div>
        </Card>
        {!draft && (
          <Card title={t('amendments.heading')}>
            <ProjectAmendments project={project} />
          </Card>
        )}
      </div>
    </>
  );
}

function SectionActions({ section, draft, onChoose }: { section: TSection; draft: boolean; onChoose(kind: 'edit' | 'delete' | 'amend'): void }) {
  const { t } = useTranslation();
  const amendable = useAmendable(section);
  if (draft) {
    return (
      <>
        <button type="button" className="button button-outline button-small" aria-label={t('projectPage.editSection', { code: section.code })} onClick={() => onChoose('edit')}>
          {t('projectPage.edit')}
        </button>
        <button type="button" className="button button-danger-outline button-small" aria-label={t('projectPage.deleteSection', { code: section.code })} onClick={() => onChoose('delete')}>
          {t('projectPage.delete')}
        </button>
      </>
    );
  }
  return (
    <button type="button" className="button button-outline button-small" disabled={!amendable} title={amendable ? undefined : t('amendmentForm.closed')} onClick={() => onChoose('amend')}>
      {t('projectPage.amend')}
    </button>
  );
}

function DeleteSection({ section, onDone }: { section: TSection; onDone(): void }) {
  const { t } = useTranslation();
  const projectUpdated = useProjectUpdate();
  const remove = useMutation({
    mutationFn: () => api.call(apiRoutes.projects.deleteSection, { params: { sectionId: section.id } }),
    onSuccess: (project) => {
      projectUpdated(project);
      onDone();
    },
  });
  return (
    <>
      <ConfirmBar
        danger
        message={t('projectPage.confirmDelete', { code: section.code, name: section.name })}
        confirmLabel={t('projectPage.delete')}
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={onDone}
      />
      {remove.isError && <ErrorNotice error={remove.error} />}
    </>
  );
}

function PublishPanel({ project, onPublished }: { project: TProject; onPublished(): void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const projectUpdated = useProjectUpdate();
  const publish = useMutation({
    mutationFn: () => api.call(apiRoutes.projects.publish, { params: { projectId: project.id } }),
    onSuccess: (published) => {
      projectUpdated(published);
      onPublished();
    },
  });
  return (
    <section className="publish-panel" aria-label={t('projectPage.publishHeading')}>
      <div>
        <h2>{t('projectPage.publishHeading')}</h2>
        <p className="muted">{t('projectPage.publishIntro')}</p>
      </div>
      {/* Hidden, not replaced, while the bar asks: focus returns to it when the bar closes. */}
      <button type="button" className="button button-primary" hidden={confirming} disabled={project.sections.length === 0} onClick={() => setConfirming(true)}>
        {t('projectPage.publish')}
      </button>
      {confirming && (
        <ConfirmBar
          message={t('projectPage.confirmPublish', { n: project.sections.length })}
          confirmLabel={t('projectPage.confirmPublishButton')}
          busy={publish.isPending}
          onConfirm={() => publish.mutate()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {publish.isError && <ErrorNotice error={publish.error} />}
    </section>
  );
}

/** The management API has no amendments; they are public, so the announcement supplies them. */
function ProjectAmendments({ project }: { project: TProject }) {
  const announcement = useApiQuery(apiRoutes.projects.portalGet, { params: { projectId: project.id } });
  return <QueryState query={announcement}>{(data) => <AmendmentList amendments={data.amendments} sections={project.sections} />}</QueryState>;
}
