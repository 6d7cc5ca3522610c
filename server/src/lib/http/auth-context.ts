import type { TRole } from '@bidhall/contracts';

/** Who is calling, as established from a verified access token. */
export interface AuthContext {
  userId: string;
  role: TRole;
  orgId: string | null;
  name: string;
}
