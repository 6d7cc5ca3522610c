import type { TUser } from '@bidhall/contracts';
import { useSyncExternalStore } from 'react';
import { session } from '../app/services';
import type { SessionState } from './session';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState);
}

/** The signed-in user; only for components under the signed-in shell. */
export function useSignedInUser(): TUser {
  const state = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedInUser needs a signed-in session');
  return state.session.user;
}
