import { useTranslation } from 'react-i18next';
import { useSocket } from './socket-context';

export function ConnectionBadge() {
  const { t } = useTranslation();
  const { state } = useSocket();
  return (
    <span className="connection-badge" data-testid="connection-state" data-state={state} role="status" title={t('connection.label')}>
      <span className="connection-dot" aria-hidden="true" />
      {t(`connection.${state}`)}
    </span>
  );
}
