import type { MediaErrorCode } from '../errors';
import type { MediaEvents } from '../events';
import type { SfuOptions } from '../sfu/sfu';

/** What the plane may ask a worker to do: the Sfu's methods, plus process-level ones. */
export const WORKER_METHODS = [
  'openRoom',
  'closeRoom',
  'join',
  'answer',
  'addCandidate',
  'publish',
  'unpublish',
  'subscribe',
  'unsubscribe',
  'requestKeyFrame',
  'setMuted',
  'leave',
  'kick',
  'openRelay',
  'closeRelay',
  'pipeTo',
  'unpipe',
  'stats',
  'usage',
] as const;
export type WorkerMethod = (typeof WORKER_METHODS)[number];

/** Options a worker starts with: everything of SfuOptions that survives serialization. */
export type WorkerOptions = Omit<SfuOptions, 'authorize'>;

export type PlaneToWorker = { type: 'call'; id: number; method: WorkerMethod; args: unknown[] };

export type WorkerToPlane =
  | { type: 'ready'; pid: number }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: { code: MediaErrorCode; message: string; metadata?: Record<string, unknown> } }
  | { [E in keyof MediaEvents]: { type: 'event'; event: E; payload: MediaEvents[E][0] } }[keyof MediaEvents];

/** CPU and memory of one worker process, for placement and capacity figures. */
export interface WorkerUsage {
  pid: number;
  /** CPU time since the process started, in µs (user + system). */
  cpuMicros: number;
  rssBytes: number;
  /** Counts of libuv handles by kind (UDPWrap, Timeout…), to prove a leave freed everything. */
  handles: Record<string, number>;
}
