import type { TCommittee } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../auth/use-session';
import { Card } from '../ui/Card';

/** The committee's experts, and which of them are in the room now. */
export function CommitteeCard({ committee, present }: { committee: TCommittee; present: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  return (
    <Card title={t('evaluation.members.heading', { n: committee.members.length })}>
      <ul className="committee-members" data-testid="committee-members">
        {committee.members.map((member) => (
          <li key={member.userId} data-present={present.has(member.userId) || undefined}>
            <span>{member.displayName}</span>
            {member.userId === me.id && <span className="tag tag-type tag-inline">{t('evaluation.members.you')}</span>}
            <span className={present.has(member.userId) ? 'tag tag-active' : 'tag tag-pending'}>
              {present.has(member.userId) ? t('evaluation.members.present') : t('evaluation.members.absent')}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
