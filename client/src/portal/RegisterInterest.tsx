import { apiRoutes, type TSection } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { routeKey, useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { useSession } from '../auth/use-session';
import { BidLink } from '../bids/BidLink';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';

/**
 * A bidder's "register interest" (获取招标文件) on a section: it then receives the section's
 * amendments. Visitors are offered to sign in; other roles see nothing, as they cannot bid.
 */
export function RegisterInterest({ section }: { section: TSection }) {
  const { t } = useTranslation();
  const state = useSession();
  const location = useLocation();
  if (state.status !== 'signed-in') {
    if (section.phase !== 'BIDDING') return null;
    return (
      <Link className="button button-outline button-small" to="/login" state={{ from: `${location.pathname}${location.search}` }}>
        {t('registration.signInFirst')}
      </Link>
    );
  }
  return state.session.user.role === 'BIDDER' ? <BidderRegistration section={section} /> : null;
}

function BidderRegistration({ section }: { section: TSection }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const dateTime = useDateTimeFormat();
  const registrations = useApiQuery(apiRoutes.projects.myRegistrations);
  const register = useMutation({
    mutationFn: () => api.call(apiRoutes.projects.register, { params: { sectionId: section.id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.projects.myRegistrations) }),
  });
  const mine = registrations.data?.items.find((r) => r.sectionId === section.id);
  if (mine) {
    return (
      <>
        <span className="tag tag-active" data-testid="registered">
          {t('registration.registered', { time: dateTime.format(new Date(mine.registeredAt)) })}
        </span>
        <BidLink projectId={section.projectId} sectionId={section.id} primary />
      </>
    );
  }
  return (
    <div className="register-interest">
      <button
        type="button"
        className="button button-primary button-small"
        disabled={registrations.isPending || register.isPending || section.phase !== 'BIDDING'}
        onClick={() => register.mutate()}
      >
        {register.isPending ? t('registration.registering') : t('registration.register')}
      </button>
      {register.isError && <ErrorNotice error={register.error} />}
    </div>
  );
}
