import { apiRoutes } from '@bidhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { useSession } from '../auth/use-session';

/** Whether the signed-in user is a bidder, and its organization's registration for the section if it has one (only it can know). */
export function useMyRegistration(sectionId: string) {
  const state = useSession();
  const isBidder = state.status === 'signed-in' && state.session.user.role === 'BIDDER';
  const route = apiRoutes.projects.myRegistrations;
  // The same cache entry as useApiQuery(route), fetched for bidders only.
  const registrations = useQuery({ queryKey: routeKey(route, {}), queryFn: ({ signal }) => api.call(route, undefined, { signal }), enabled: isBidder });
  return { isBidder, registrations, registration: registrations.data?.items.find((r) => r.sectionId === sectionId) ?? null };
}
