import type { ClientToServerEvents, ServerToClientEvents, TSocketAuth } from '@bidhall/contracts';
import { io, type Socket } from 'socket.io-client';
import type { SessionManager } from '../auth/session';
import { type ClockEstimate, type ClockSample, estimateClockOffset } from './clock-offset';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connected' | 'reconnecting' | 'offline';

/** What the connection needs of the tab's session. */
export type ConnectionSession = Pick<SessionManager, 'accessToken' | 'getState' | 'refresh' | 'subscribe'>;
/** Makes the tab's socket, which calls `auth` for the credentials of each handshake. */
export type SocketFactory = (auth: (send: (credentials: TSocketAuth) => void) => void) => AppSocket;

const openSocket: SocketFactory = (auth) => io({ autoConnect: false, auth });

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
/** Handshakes refused in a row (after a token refresh each) before giving up until the network comes back or the page reloads. */
const MAX_REFUSALS = 3;
/** How long a connection that lived through a network drop has to answer before it is taken for dead. */
const PROBE_TIMEOUT_MS = 3_000;
/** A token this close to its expiry, by the server's clock, is renewed before a handshake rather than refused by it. */
const HANDSHAKE_TOKEN_MARGIN_MS = 5_000;

/**
 * The tab's Socket.IO connection to the gateway. It authenticates with the current access token
 * at every handshake, hands each refreshed token to the server with `session:renew`, and keeps an
 * estimate of the server clock. State changes are published for useSyncExternalStore.
 *
 * After a network drop it is connected again as soon as the network returns, whatever Socket.IO
 * believes: a socket that thinks it is still connected is asked for an answer (on `localhost`
 * Socket.IO does not close its connection when the browser goes offline, and a connection the
 * drop killed is noticed by its heartbeat only after up to 45 s), and one that knows it is not
 * stops waiting out its back-off. Every time the gateway takes the connection again, whether it
 * recovered the connection's state or started afresh, the socket emits `connect`: that is the one
 * signal the hall and media sessions re-join on.
 */
export class RealtimeConnection {
  readonly socket: AppSocket;
  /** Names this tab's connections to the gateway, which closes the tab's earlier one when the tab connects again. */
  readonly tabId = crypto.randomUUID();
  readonly #session: ConnectionSession;
  #snapshot: RealtimeSnapshot = { state: 'offline', clock: null };
  readonly #listeners = new Set<() => void>();
  #teardown: (() => void)[] = [];
  #refusals = 0;
  #renewedToken: string | null = null;
  #running = false;
  #tokenChangedAt = Number.NEGATIVE_INFINITY;
  /** A connection that lived through a network drop is not called connected until it has answered. */
  #verifying = false;
  /** Counts the socket's connections, so that a check of one is not held against the next. */
  #connections = 0;

  constructor(session: ConnectionSession, openTabSocket: SocketFactory = openSocket) {
    this.#session = session;
    this.socket = openTabSocket((send) => void this.#credentials().then(send));
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
    socket.connect();
    this.#showState();
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
    this.#connections++;
    this.#refusals = 0;
    this.#showState();
    void this.#syncClock();
  };

  readonly #onDisconnect = (reason: Socket.DisconnectReason) => {
    if (reason === 'io client disconnect') return;
    this.#showState();
    // The gateway closes a connection whose token ran out; Socket.IO does not retry those by itself.
    if (reason === 'io server disconnect') void this.#reauthenticate();
  };

  readonly #onConnectError = () => {
    // An active socket keeps retrying on its own (transport trouble); an inactive one was refused by the gateway.
    if (this.socket.active) this.#showState();
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

  /** The network is back: whatever the socket believes, it is connected again now. */
  readonly #onOnline = () => {
    // A refused handshake may have been the network's doing too: the budget starts again.
    this.#refusals = 0;
    if (this.socket.connected) void this.#verify();
    else this.#reconnectNow();
  };

  readonly #onOffline = () => this.#showState();

  /**
   * A socket still connected when the network returns either lived through the drop (its frames
   * were only held up) or lost its connection without noticing. One request tells which; without
   * an answer in time it connects anew.
   */
  async #verify(): Promise<void> {
    if (this.#verifying) return;
    this.#verifying = true;
    this.#showState();
    const connection = this.#connections;
    let answered = false;
    try {
      await this.socket.timeout(PROBE_TIMEOUT_MS).emitWithAck('clock:sync', { clientSentAt: Date.now() });
      answered = true;
    } catch {
      // No answer in time, or the connection closed meanwhile.
    }
    this.#verifying = false;
    // A socket the gateway closed (inactive) is being reauthenticated, and one that connected
    // again meanwhile is fine: only a socket still on the connection that did not answer starts anew.
    if (!answered && this.socket.active && connection === this.#connections) this.#reconnectNow();
    else this.#showState();
  }

  /**
   * Connects anew at once. Closing the transport rather than the socket keeps Socket.IO's session
   * id, so the gateway can still recover the connection's state (with the events missed meanwhile);
   * `disconnect()` on a socket that is no longer connected sends nothing and only cancels what
   * Socket.IO was doing — a back-off timer of up to 5 s, or a handshake started while the network
   * was gone — and `connect()` handshakes now.
   */
  #reconnectNow(): void {
    if (!this.#running) return;
    if (this.socket.connected) this.socket.io.engine.close();
    this.socket.disconnect().connect();
    this.#showState();
  }

  /** Each handshake's credentials: this tab, and a token the gateway will take. */
  async #credentials(): Promise<TSocketAuth> {
    let token = this.#session.accessToken;
    // A token that ran out (during a network drop, most likely) is renewed first rather than refused by the handshake.
    if (token && this.#tokenRunsOut()) token = await this.#session.refresh().catch(() => token);
    return { token: token ?? '', tab: this.tabId };
  }

  #tokenRunsOut(): boolean {
    const state = this.#session.getState();
    if (state.status !== 'signed-in') return false;
    const serverNow = Date.now() + (this.#snapshot.clock?.offsetMs ?? 0);
    return Date.parse(state.session.expiresAt) - serverNow < HANDSHAKE_TOKEN_MARGIN_MS;
  }

  async #renew(token: string): Promise<void> {
    try {
      const ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('session:renew', { token });
      // A refused renewal leaves the old token to expire; a new handshake carries the current one.
      if (!ack.ok && this.#running) {
        this.socket.disconnect().connect();
        this.#showState();
      }
    } catch {
      // No answer in time: Socket.IO's heartbeat notices a dead connection and reconnects.
    }
  }

  async #reauthenticate(): Promise<void> {
    if (!this.#running) return;
    if (++this.#refusals > MAX_REFUSALS) {
      this.#showState();
      return;
    }
    this.#showState();
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

  /**
   * The state as things stand: offline while the browser has no network (whatever the socket
   * believes) or after the gateway refused too many handshakes; connected once the socket is, and
   * answered if it lived through a drop; reconnecting otherwise.
   */
  #showState(): void {
    if (!this.#running) return;
    const offline = !navigator.onLine || (!this.socket.active && this.#refusals > MAX_REFUSALS);
    this.#update({ state: offline ? 'offline' : this.socket.connected && !this.#verifying ? 'connected' : 'reconnecting' });
  }

  #update(change: Partial<RealtimeSnapshot>): void {
    const next = { ...this.#snapshot, ...change };
    if (next.state === this.#snapshot.state && next.clock === this.#snapshot.clock) return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }
}
