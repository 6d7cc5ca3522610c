import type { ClientToServerEvents, ServerToClientEvents } from '@bidhall/contracts';
import { io, type Socket } from 'socket.io-client';
import type { SessionManager } from '../auth/session';
import { type ClockEstimate, type ClockSample, estimateClockOffset } from './clock-offset';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connected' | 'reconnecting' | 'offline';

export interface RealtimeSnapshot {
  state: ConnectionState;
  /** Null until the first clock sync of a connection has finished. */
  clock: ClockEstimate | null;
}

const CLOCK_SAMPLES = 5;
const CLOCK_RESYNC_MS = 5 * 60_000;
const ACK_TIMEOUT_MS = 10_000;
/**
 * A token this new is not refreshed again on `session:expiring`: with tokens shorter than the
 * gateway's warning period, the warning comes at once for every new token.
 */
const MIN_TOKEN_AGE_FOR_REFRESH_MS = 10_000;
/** Handshakes refused in a row (after a token refresh each) before giving up until the page reloads. */
const MAX_REFUSALS = 3;

/**
 * The tab's Socket.IO connection to the gateway. It authenticates with the current access token
 * at every handshake, hands each refreshed token to the server with `session:renew`, and keeps an
 * estimate of the server clock. State changes are published for useSyncExternalStore.
 */
export class RealtimeConnection {
  readonly socket: AppSocket;
  readonly #session: SessionManager;
  #snapshot: RealtimeSnapshot = { state: 'offline', clock: null };
  readonly #listeners = new Set<() => void>();
  #teardown: (() => void)[] = [];
  #refusals = 0;
  #renewedToken: string | null = null;
  #running = false;
  #tokenChangedAt = Number.NEGATIVE_INFINITY;

  constructor(session: SessionManager) {
    this.#session = session;
    this.socket = io({ autoConnect: false, auth: (cb) => cb({ token: session.accessToken ?? '' }) });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): RealtimeSnapshot => this.#snapshot;

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const socket = this.socket;
    socket.on('connect', this.#onConnect);
    socket.on('disconnect', this.#onDisconnect);
    socket.on('connect_error', this.#onConnectError);
    socket.on('session:expiring', this.#onExpiring);
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('offline', this.#onOffline);
    const unsubscribe = this.#session.subscribe(this.#onSessionChange);
    const resync = setInterval(() => void this.#syncClock(), CLOCK_RESYNC_MS);
    this.#teardown = [
      () => {
        socket.off('connect', this.#onConnect);
        socket.off('disconnect', this.#onDisconnect);
        socket.off('connect_error', this.#onConnectError);
        socket.off('session:expiring', this.#onExpiring);
      },
      () => window.removeEventListener('online', this.#onOnline),
      () => window.removeEventListener('offline', this.#onOffline),
      unsubscribe,
      () => clearInterval(resync),
    ];
    this.#renewedToken = this.#session.accessToken;
    this.#tokenChangedAt = performance.now();
    this.#refusals = 0;
    this.#update({ state: navigator.onLine ? 'reconnecting' : 'offline' });
    socket.connect();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    for (const undo of this.#teardown) undo();
    this.#teardown = [];
    this.socket.disconnect();
    this.#update({ state: 'offline' });
  }

  readonly #onConnect = () => {
    this.#refusals = 0;
    this.#update({ state: 'connected' });
    void this.#syncClock();
  };

  readonly #onDisconnect = (reason: Socket.DisconnectReason) => {
    if (reason === 'io client disconnect') return;
    this.#update({ state: navigator.onLine ? 'reconnecting' : 'offline' });
    // The gateway closes a connection whose token ran out; Socket.IO does not retry those by itself.
    if (reason === 'io server disconnect') void this.#reauthenticate();
  };

  readonly #onConnectError = () => {
    // An active socket keeps retrying on its own (transport trouble); an inactive one was refused by the gateway.
    if (this.socket.active) this.#update({ state: navigator.onLine ? 'reconnecting' : 'offline' });
    else void this.#reauthenticate();
  };

  readonly #onExpiring = ({ expiresAt }: { expiresAt: string }) => {
    const state = this.#session.getState();
    if (state.status === 'signed-in' && Date.parse(state.session.expiresAt) > Date.parse(expiresAt)) {
      void this.#renew(state.session.accessToken);
    } else if (performance.now() - this.#tokenChangedAt >= MIN_TOKEN_AGE_FOR_REFRESH_MS) {
      void this.#session.refresh().catch(() => undefined);
    }
  };

  readonly #onSessionChange = () => {
    const token = this.#session.accessToken;
    if (!token || token === this.#renewedToken) return;
    this.#renewedToken = token;
    this.#tokenChangedAt = performance.now();
    if (this.socket.connected) void this.#renew(token);
  };

  readonly #onOnline = () => {
    if (this.socket.connected) return;
    this.#update({ state: 'reconnecting' });
    if (!this.socket.active) this.socket.connect();
  };

  readonly #onOffline = () => this.#update({ state: 'offline' });

  async #renew(token: string): Promise<void> {
    try {
      const ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('session:renew', { token });
      // A refused renewal leaves the old token to expire; a new handshake carries the current one.
      if (!ack.ok && this.#running) {
        this.socket.disconnect().connect();
        this.#update({ state: 'reconnecting' });
      }
    } catch {
      // No answer in time: Socket.IO's heartbeat notices a dead connection and reconnects.
    }
  }

  async #reauthenticate(): Promise<void> {
    if (!this.#running) return;
    if (++this.#refusals > MAX_REFUSALS) {
      this.#update({ state: 'offline' });
      return;
    }
    this.#update({ state: 'reconnecting' });
    const token = await this.#session.refresh().catch(() => this.#session.accessToken);
    if (!this.#running) return;
    if (token) this.socket.connect();
    else this.#update({ state: 'offline' });
  }

  async #syncClock(): Promise<void> {
    if (!this.socket.connected) return;
    const samples: ClockSample[] = [];
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      const clientSentAt = Date.now();
      const started = performance.now();
      try {
        const ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('clock:sync', { clientSentAt });
        if (ack.ok) samples.push({ clientSentAt, serverTime: ack.data.serverTime, roundTripMs: performance.now() - started });
      } catch {
        break;
      }
    }
    const clock = estimateClockOffset(samples);
    if (clock && this.#running) this.#update({ clock });
  }

  #update(change: Partial<RealtimeSnapshot>): void {
    const next = { ...this.#snapshot, ...change };
    if (next.state === this.#snapshot.state && next.clock === this.#snapshot.clock) return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }
}
