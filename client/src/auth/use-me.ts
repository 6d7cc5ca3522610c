import { apiRoutes } from '@bidhall/contracts';
import { useApiQuery } from '../api/queries';

/** The signed-in user with the organization, from GET /api/auth/me. */
export const useMe = () => useApiQuery(apiRoutes.auth.me);
