import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/use-me';
import { Card, Loading } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';

export function ProfileCard() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Card title={t('profile.heading')}>
      {me.isPending ? (
        <Loading />
      ) : me.isError ? (
        <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <dl className="facts">
          <div>
            <dt>{t('profile.displayName')}</dt>
            <dd>{me.data.user.displayName}</dd>
          </div>
          <div>
            <dt>{t('profile.username')}</dt>
            <dd>{me.data.user.username}</dd>
          </div>
          <div>
            <dt>{t('profile.role')}</dt>
            <dd>{t(`roles.${me.data.user.role}`)}</dd>
          </div>
          {me.data.organization ? (
            <>
              <div>
                <dt>{t('profile.organization')}</dt>
                <dd>{me.data.organization.name}</dd>
              </div>
              <div>
                <dt>{t('profile.creditCode')}</dt>
                <dd className="mono">{me.data.organization.creditCode}</dd>
              </div>
              <div>
                <dt>{t('profile.region')}</dt>
                <dd className="mono">{me.data.organization.regionCode}</dd>
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
    </Card>
  );
}
