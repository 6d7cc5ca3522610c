import {
  type Ack,
  type ClientEventPayload,
  type ClientEventResult,
  httpStatusOf,
  type openingEvents,
  openingTimetable,
  type TOpeningEvent,
  type TOpeningState,
  type TOpeningView,
} from '@bidhall/contracts';
import { ApiError } from '../api/http';
import type { AppSocket } from '../realtime/connection';
import { emptyHall, type HallState, joined, nextPageOffset, received, signedIn, withPage } from './hall-state';

/** The hall's requests besides joining and leaving, which the session makes itself. */
export type HallRequest = Exclude<keyof typeof openingEvents, 'opening:join' | 'opening:leave'>;
export type HallPayload<E extends HallRequest> = Omit<ClientEventPayload<E>, 'sectionId'>;

export interface HallSnapshot extends HallState {
  /** `joining` until the first view arrives, `resyncing` while the view is read again. */
  status: 'joining' | 'live' | 'resyncing';
  /** Why the last join failed (no such opening, not a participant…); null once joined. */
  error: ApiError | null;
}

const ACK_TIMEOUT_MS = 15_000;
/** The platform answers a decryption once it has read the whole envelope, which takes a while for a large bid. */
const DECRYPT_TIMEOUT_MS = 5 * 60_000;
/** A state still unchanged this long after its deadline means an event was missed (or the driver lags): read the view again. */
const OVERDUE_GRACE_MS = 3_000;
const OVERDUE_MAX_INTERVAL_MS = 60_000;

/** The states the server leaves on its own when their time comes. */
export type TimedState = Extract<TOpeningState, 'SCHEDULED' | 'SIGN_IN' | 'DEADLINE' | 'DECRYPTING' | 'ANNOUNCING' | 'CONFIRMING'>;

/** When the server next moves the opening on its own, by the view's absolute times (the timetable the server uses too). */
export function nextDeadline(view: TOpeningView): { state: TimedState; at: string } | null {
  const at = openingTimetable[view.state](view.times);
  return at ? { state: view.state as TimedState, at } : null;
}

/**
 * One section's opening hall over the tab's socket. It joins (again after every reconnect, and
 * whenever the log shows a gap) asking for the events after the last one it has, so that it
 * ends up with every event exactly once whether or not Socket.IO recovered the connection's
 * state. State changes are published for useSyncExternalStore.
 */
export class HallSession {
  readonly #socket: AppSocket;
  readonly #sectionId: string;
  readonly #myOrgId: string | null;
  #snapshot: HallSnapshot = { ...emptyHall, status: 'joining', error: null };
  readonly #listeners = new Set<() => void>();
  #running = false;
  /** Bumped on stop, so an answer to a join sent before it is dropped. */
  #generation = 0;
  #joining = false;
  #joinAgain = false;
  #overdue: { key: string; nextAt: number; interval: number } | null = null;
  #loadingPage = false;

  constructor(socket: AppSocket, sectionId: string, myOrgId: string | null) {
    this.#socket = socket;
    this.#sectionId = sectionId;
    this.#myOrgId = myOrgId;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): HallSnapshot => this.#snapshot;

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#socket.on('opening:events', this.#onEvents);
    this.#socket.on('connect', this.#onConnect);
    if (this.#socket.connected) void this.#join();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#generation++;
    this.#joining = false;
    this.#joinAgain = false;
    this.#socket.off('opening:events', this.#onEvents);
    this.#socket.off('connect', this.#onConnect);
    if (this.#socket.connected) this.#socket.emit('opening:leave', { sectionId: this.#sectionId }, () => undefined);
  }

  /** Reads the view again and the events after the last one applied. */
  resync(): void {
    if (this.#running && this.#socket.connected) void this.#join();
  }

  /**
   * Called with the server's clock as it ticks: once the current state's deadline has passed
   * and no event moved it on, the view is read again, at growing intervals while it stays so.
   */
  checkOverdue(serverNow: number): void {
    const view = this.#snapshot.view;
    const due = view && nextDeadline(view);
    if (!view || !due) {
      this.#overdue = null;
      return;
    }
    const key = `${due.state}@${due.at}`;
    if (this.#overdue?.key !== key) this.#overdue = { key, nextAt: Date.parse(due.at) + OVERDUE_GRACE_MS, interval: OVERDUE_GRACE_MS };
    if (serverNow < this.#overdue.nextAt) return;
    this.#overdue.interval = Math.min(this.#overdue.interval * 2, OVERDUE_MAX_INTERVAL_MS);
    this.#overdue.nextAt = serverNow + this.#overdue.interval;
    this.resync();
  }

  /** Sends one hall request for this section; a refusal is thrown as an ApiError with the platform's code. */
  readonly request = async <E extends HallRequest>(event: E, payload: HallPayload<E>): Promise<ClientEventResult<E>> => {
    if (!this.#socket.connected) throw new ApiError('NETWORK_ERROR', 'not connected', 0);
    const timeout = event === 'opening:decrypt' ? DECRYPT_TIMEOUT_MS : ACK_TIMEOUT_MS;
    // The socket's event map cannot be indexed by a generic name, so the acknowledgement is typed by the contract here.
    const emitter = this.#socket.timeout(timeout) as unknown as { emitWithAck(event: E, payload: unknown): Promise<Ack<ClientEventResult<E>>> };
    let ack: Ack<ClientEventResult<E>>;
    try {
      ack = await emitter.emitWithAck(event, { ...payload, sectionId: this.#sectionId });
    } catch {
      throw new ApiError('NETWORK_ERROR', `${event}: no answer in time`, 0);
    }
    if (!ack.ok) throw new ApiError(ack.error.code, ack.error.message, httpStatusOf(ack.error.code), ack.error.details);
    if (event === 'opening:signIn') this.#update(signedIn(this.#snapshot));
    return ack.data;
  };

  /**
   * Reads the next page of a large hall's bidder list (the freeze sends a list of up to
   * PARTICIPANTS_INLINE rows; beyond that it is read in pages). False when there is none.
   */
  readonly loadMoreParticipants = async (): Promise<boolean> => {
    const view = this.#snapshot.view;
    const offset = view ? nextPageOffset(view) : null;
    if (offset === null || this.#loadingPage) return false;
    this.#loadingPage = true;
    const generation = this.#generation;
    try {
      const page = await this.request('opening:participants', { offset });
      if (generation !== this.#generation) return false;
      this.#update(withPage(this.#snapshot, page, this.#myOrgId));
      return nextPageOffset(this.#snapshot.view!) !== offset;
    } finally {
      this.#loadingPage = false;
    }
  };

  /** The host and observers work on the whole list (progress, 唱标): they read every page; a bidder reads more when it asks. */
  async #completeList(): Promise<void> {
    if (!this.#snapshot.view || this.#snapshot.view.role === 'BIDDER') return;
    try {
      while (this.#running && (await this.loadMoreParticipants()));
    } catch {
      // Disconnected or refused: the next join or event tries again.
    }
  }

  readonly #onEvents = (events: TOpeningEvent[]) => {
    for (const event of events) {
      if (event.sectionId !== this.#sectionId) return;
      this.#update(received(this.#snapshot, event, this.#myOrgId));
    }
    if (this.#snapshot.stale) this.resync();
    else void this.#completeList();
  };

  readonly #onConnect = () => void this.#join();

  async #join(): Promise<void> {
    if (this.#joining) {
      this.#joinAgain = true;
      return;
    }
    this.#joining = true;
    const generation = this.#generation;
    const afterSeq = this.#snapshot.view?.lastSeq ?? 0;
    if (this.#snapshot.view) this.#update({ status: 'resyncing' });
    let joinedNow = false;
    try {
      const ack = await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('opening:join', { sectionId: this.#sectionId, afterSeq });
      if (generation !== this.#generation) return;
      if (ack.ok) {
        this.#update({ ...joined(this.#snapshot, ack.data.view, ack.data.events, this.#myOrgId), status: 'live', error: null });
        joinedNow = true;
        void this.#completeList();
      } else {
        this.#update({ status: this.#snapshot.view ? 'live' : 'joining', error: new ApiError(ack.error.code, ack.error.message, httpStatusOf(ack.error.code), ack.error.details) });
      }
    } catch {
      // No answer: the connection is gone or going, and the next `connect` joins again.
      if (generation === this.#generation && this.#snapshot.view) this.#update({ status: 'live' });
    } finally {
      if (generation === this.#generation) {
        this.#joining = false;
        // A hall still stale after a successful join saw more events arrive out of order meanwhile.
        if (this.#joinAgain || (joinedNow && this.#snapshot.stale)) {
          this.#joinAgain = false;
          if (this.#running && this.#socket.connected) void this.#join();
        }
      }
    }
  }

  #update(change: Partial<HallSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of this.#listeners) listener();
  }
}
