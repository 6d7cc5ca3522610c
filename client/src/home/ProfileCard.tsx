import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/use-me';
import { Card } from '../ui/Card';
import { QueryState } from '../ui/QueryState';

export function ProfileCard() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Card title={t('profile.heading')}>
      <QueryState query={me}>
        {(data) => (
          <dl className="facts">
            <div>
              <dt>{t('profile.displayName')}</dt>
              <dd>{data.user.displayName}</dd>
            </div>
            <div>
              <dt>{t('profile.username')}</dt>
              <dd>{data.user.username}</dd>
            </div>
            <div>
              <dt>{t('profile.role')}</dt>
              <dd>{t(`roles.${data.user.role}`)}</dd>
            </div>
            {data.organization ? (
              <>
                <div>
                  <dt>{t('profile.organization')}</dt>
                  <dd>{data.organization.name}</dd>
                </div>
                <div>
                  <dt>{t('profile.creditCode')}</dt>
                  <dd className="mono">{data.organization.creditCode}</dd>
                </div>
                <div>
                  <dt>{t('profile.region')}</dt>
                  <dd className="mono">{data.organization.regionCode}</dd>
                </div>
              </>
            ) : (
              <div>
                <dt>{t('profile.organization')}</dt>
                <dd>{t('profile.individual')}</dd>
              </div>
            )}
          </dl>
        )}
      </QueryState>
    </Card>
  );
}
