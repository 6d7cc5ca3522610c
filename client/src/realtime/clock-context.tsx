import { apiRoutes } from '@bidhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, use } from 'react';
import { api } from '../app/services';
import { type ClockEstimate, type ClockSample, estimateClockOffset } from './clock-offset';

const ClockContext = createContext<ClockEstimate | null>(null);

/** Hands a server-clock estimate to every countdown below it. */
export function ClockProvider({ clock, children }: { clock: ClockEstimate | null; children: ReactNode }) {
  return <ClockContext value={clock}>{children}</ClockContext>;
}

/** The offset between this browser's clock and the server's; null until it has been measured. */
export const useClockEstimate = (): ClockEstimate | null => use(ClockContext);

const HTTP_SAMPLES = 3;
const HTTP_RESYNC_MS = 5 * 60_000;

/** Round trips to the health route, whose body carries the server clock to the millisecond. */
async function sampleOverHttp(signal: AbortSignal): Promise<ClockEstimate | null> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < HTTP_SAMPLES; i++) {
    const clientSentAt = Date.now();
    const started = performance.now();
    const health = await api.call(apiRoutes.system.health, undefined, { signal });
    samples.push({ clientSentAt, serverTime: Date.parse(health.serverTime), roundTripMs: performance.now() - started });
  }
  return estimateClockOffset(samples);
}

/**
 * The clock estimate for visitors without a session, who have no socket: the same estimate the
 * socket's `clock:sync` gives, measured over plain HTTP instead.
 */
export function HttpClockProvider({ children }: { children: ReactNode }) {
  const clock = useQuery({
    queryKey: ['server-clock', 'http'],
    queryFn: ({ signal }) => sampleOverHttp(signal),
    staleTime: HTTP_RESYNC_MS,
    refetchInterval: HTTP_RESYNC_MS,
  });
  return <ClockProvider clock={clock.data ?? null}>{children}</ClockProvider>;
}
