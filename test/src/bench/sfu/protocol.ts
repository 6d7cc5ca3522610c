import type { TSessionDescription } from '@bidhall/media';

/** Messages between the sfu-forward bench and its child processes (fleet and bare forwarder). */
export type ToFleet =
  | { type: 'join'; ids: string[] }
  | { type: 'offer'; id: string; offer: TSessionDescription }
  | { type: 'snapshot' }
  | { type: 'close' };

export interface FleetSubscriber {
  id: string;
  received: number;
  expected: number;
  /** ms from asking to join to the first key frame; undefined while none arrived. */
  joinToFirstFrameMs: number | undefined;
}

export type FromFleet =
  | { type: 'ready' }
  | { type: 'join'; id: string }
  | { type: 'answer'; id: string; answer: TSessionDescription }
  | { type: 'snapshot'; cpuMicros: number; subscribers: FleetSubscriber[]; delayP50: number; delayP99: number };

export type ToForwarder =
  | { type: 'join'; id: string; role: 'publisher' | 'subscriber' }
  | { type: 'answer'; id: string; answer: TSessionDescription }
  | { type: 'usage' }
  | { type: 'close' };

export type FromForwarder =
  | { type: 'ready' }
  | { type: 'offer'; id: string; offer: TSessionDescription }
  | { type: 'usage'; cpuMicros: number; peers: number };

export const percentile = (sorted: number[], q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
