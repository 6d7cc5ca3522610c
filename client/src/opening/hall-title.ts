import type { TRole, ZOpeningRole } from '@bidhall/contracts';
import type { z } from 'zod';

export type HallTitle = 'HOST' | 'BIDDER' | 'TENDERER' | 'SUPERVISOR' | 'ADMIN';

/**
 * What the hall is for this user: the host's console, the bidder's hall, or a read-only view that
 * is the tenderer's own opening, a supervisor's supervision, or the platform watching.
 */
export function hallTitle(viewRole: z.infer<typeof ZOpeningRole>, userRole: TRole): HallTitle {
  if (viewRole !== 'OBSERVER') return viewRole;
  if (userRole === 'TENDERER' || userRole === 'ADMIN') return userRole;
  return 'SUPERVISOR';
}
