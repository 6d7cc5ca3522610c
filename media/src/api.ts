import type { MediaEvents } from './events';
import type { RoomKind, TJoinResult, TTrackInfo } from './schemas';

type Result<T> = T | Promise<T>;
type Listener<E extends keyof MediaEvents> = (...args: MediaEvents[E]) => void;

/**
 * What the signalling layer needs from a media plane. MediaPlane (SFU workers) and Sfu (one
 * process) both implement it; a native SFU behind the same methods and events could replace
 * them. Every method takes one payload object, checked against the zod schema of the same
 * name in schemas.ts, and fails with a MediaError.
 */
export interface MediaApi {
  openRoom(input: unknown): Result<{ roomId: string; kind: RoomKind; recording: boolean }>;
  closeRoom(roomId: string): Promise<void>;
  join(input: unknown): Promise<TJoinResult>;
  answer(input: unknown): Promise<void>;
  addCandidate(input: unknown): Promise<void>;
  publish(input: unknown): Result<TTrackInfo[]>;
  unpublish(input: unknown): Result<void>;
  subscribe(input: unknown): Result<void>;
  unsubscribe(input: unknown): Result<void>;
  requestKeyFrame(input: unknown): Result<void>;
  setMuted(input: unknown): Result<void>;
  leave(input: unknown): Promise<void>;
  kick(input: unknown): Promise<void>;
  close(): Promise<void>;
  on<E extends keyof MediaEvents>(event: E, listener: Listener<E>): unknown;
  off<E extends keyof MediaEvents>(event: E, listener: Listener<E>): unknown;
}
