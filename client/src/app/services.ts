import { QueryClient } from '@tanstack/react-query';
import { createApiClient } from '../api/client';
import { ApiError } from '../api/http';
import { SessionManager } from '../auth/session';

export const session = new SessionManager();
export const api = createApiClient(session);

/** Errors the platform answered deliberately are not retried; a second try would get the same answer. */
const RETRYABLE = new Set<string>(['NETWORK_ERROR', 'UNAVAILABLE', 'INTERNAL']);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failures, error) => failures < 2 && (!(error instanceof ApiError) || RETRYABLE.has(error.code)),
    },
  },
});

// Nothing fetched for one user may be shown to the next one signing in at the same browser.
session.subscribe(() => {
  if (session.getState().status === 'signed-out') queryClient.clear();
});
