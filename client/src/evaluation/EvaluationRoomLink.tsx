import type { TRole } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignedInUser } from '../auth/use-session';

/** Who may open an evaluation room: its experts take part, supervisors and administrators watch. */
export const EVALUATION_ROOM_ROLES: readonly TRole[] = ['EXPERT', 'SUPERVISOR', 'ADMIN'];

export const evaluationRoomPath = (sectionId: string) => `/evaluation/${sectionId}`;

/** The way into a section's evaluation room, shown only to the roles that may enter; `name` tells the section apart. */
export function EvaluationRoomLink({ sectionId, name }: { sectionId: string; name: string }) {
  const { t } = useTranslation();
  const { role } = useSignedInUser();
  if (!EVALUATION_ROOM_ROLES.includes(role)) return null;
  return (
    <Link className="button button-outline button-small" to={evaluationRoomPath(sectionId)} aria-label={t('evaluation.link.label', { name })} data-testid="evaluation-room-link">
      {t('evaluation.link.text')}
    </Link>
  );
}
