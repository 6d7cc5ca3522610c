import type { Ack, ClientToServerEvents, ServerToClientEvents, TOpeningEvent } from '@bidhall/contracts';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { monotonicMs, until } from './clock';
import type { FloorProtocol } from './protocol';

/** One host action as the host saw it. `monotonicMs` times, except the `Wall` ones and `at` (epoch ms). */
export interface Sample {
  emit: number;
  emitWall: number;
  /** The host's own receipt of the action's event: the host's connection is first in the room. */
  received?: number;
  receivedWall?: number;
  /** The event's `at`, stamped by the server. */
  at?: number;
  seq?: number;
}

/** Sends host actions at the bench's pace and watches the hall as its first member. */
export interface Host {
  readonly samples: Map<number, Sample>;
  /** Size of one action's event on the wire, in bytes. */
  frameBytes: number;
  readonly failures: string[];
  send(i: number): void;
  close(): void;
}

type HostSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const reference = (i: number) => `银行转账 BENCH-${String(i).padStart(6, '0')}`;

/**
 * The project's agency on bidhall: action i records bidder i's cash bond (`opening:recordBond`),
 * which appends a BOND_RECORDED event and broadcasts it to the hall. The actions go round several
 * connections of the one host user, so that no connection nears the per-connection request
 * budget (100 per 10 s) at the bench's rate; only the first connection is in the hall.
 */
export class BidhallHost implements Host {
  readonly samples = new Map<number, Sample>();
  readonly failures: string[] = [];
  /** Events that were not the host's actions, as the host received them. */
  readonly others: (TOpeningEvent & { received: number; bytes: number })[] = [];
  frameBytes = 0;
  private readonly orderOf: Map<string, number>;

  private constructor(
    private readonly sockets: HostSocket[],
    private readonly sectionId: string,
    private readonly bidderOrgIds: string[],
  ) {
    this.orderOf = new Map(bidderOrgIds.map((id, i) => [id, i]));
    // The websocket frame's payload as sent, e.g. `42["opening:event",{…},"<recovery offset>"]`.
    let frame = 0;
    sockets[0]!.io.engine.on('packet', ({ type, data }) => {
      if (type === 'message' && typeof data === 'string') frame = 1 + Buffer.byteLength(data);
    });
    sockets[0]!.on('opening:events', (events) => events.forEach((event) => {
      const received = monotonicMs();
      const receivedWall = Date.now();
      const i = event.type === 'BOND_RECORDED' ? this.orderOf.get(event.data.bidderOrgId as string) : undefined;
      const sample = i === undefined ? undefined : this.samples.get(i);
      if (!sample) {
        this.others.push({ ...event, received, bytes: frame });
        return;
      }
      Object.assign(sample, { received, receivedWall, at: Date.parse(event.at), seq: event.seq });
      this.frameBytes ||= frame;
    }));
  }

  static async connect(url: string, token: string, sectionId: string, bidderOrgIds: string[], connections: number): Promise<BidhallHost> {
    const sockets = await Promise.all(
      Array.from({ length: connections }, () => {
        const socket: HostSocket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
        return new Promise<HostSocket>((resolve, reject) => {
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        });
      }),
    );
    const host = new BidhallHost(sockets, sectionId, bidderOrgIds);
    const joined: Ack<unknown> = await sockets[0]!.timeout(30_000).emitWithAck('opening:join', { sectionId, afterSeq: 0 });
    if (!joined.ok) throw new Error(`the host could not join: ${joined.error.code}`);
    return host;
  }

  send(i: number): void {
    this.samples.set(i, { emit: monotonicMs(), emitWall: Date.now() });
    this.sockets[i % this.sockets.length]!.emit('opening:recordBond', { sectionId: this.sectionId, bidderOrgId: this.bidderOrgIds[i]!, reference: reference(i) }, (ack) => {
      if (!ack.ok) this.failures.push(`recordBond ${i}: ${ack.error.code} ${ack.error.message}`);
    });
  }

  /** The first event the host received, or receives within `timeoutMs`, that is `what`. */
  async event(what: string, matches: (event: TOpeningEvent) => boolean, timeoutMs: number) {
    await until(() => this.others.some(matches), timeoutMs, what);
    return this.others.find(matches)!;
  }

  /**
   * Brings the bid deadline forward to `at`, as the agency may for a project not tendered by law
   * (an amendment, 澄清 · 修改): every hall is told by a TIMES_CHANGED event.
   */
  static async moveDeadline(url: string, token: string, sectionId: string, at: Date): Promise<void> {
    const response = await fetch(`${url}/api/sections/${sectionId}/amendments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '压测：提前投标截止时间', changes: { bidDeadline: at.toISOString() } }),
    });
    if (!response.ok) throw new Error(`the amendment was refused: ${response.status} ${await response.text()}`);
  }

  /**
   * Starts decryption, as the host does once the bids are frozen. In a hall too big for this
   * machine the frozen list may take longer to reach everyone than the opening waits for its host:
   * then the server has started decryption itself.
   */
  async startDecryption(): Promise<void> {
    const ack: Ack<unknown> = await this.sockets[0]!.timeout(30_000).emitWithAck('opening:start', { sectionId: this.sectionId });
    if (!ack.ok && ack.error.code !== 'ALREADY_DONE') throw new Error(`opening:start refused: ${ack.error.code} ${ack.error.message}`);
  }

  close(): void {
    for (const socket of this.sockets) socket.disconnect();
  }
}

/** The same action against a floor: a message the floor server stamps and broadcasts. */
export class FloorHost implements Host {
  readonly samples = new Map<number, Sample>();
  readonly failures: string[] = [];
  frameBytes = 0;

  private constructor(
    private readonly channel: { send(action: unknown): void; close(): void },
    private readonly sectionId: string,
    private readonly bidderOrgIds: string[],
  ) {}

  /** The floor's events as they arrive, with the size of the frame that carried them. */
  private take(events: TOpeningEvent[], bytes: number): void {
    const received = monotonicMs();
    const receivedWall = Date.now();
    const [event] = events;
    const sample = event && this.samples.get(event.seq);
    if (!sample) return;
    Object.assign(sample, { received, receivedWall, at: Date.parse(event.at), seq: event.seq });
    this.frameBytes ||= bytes;
  }

  static async connect(protocol: FloorProtocol, url: string, sectionId: string, bidderOrgIds: string[]): Promise<FloorHost> {
    if (protocol === 'socket.io') {
      const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(undefined));
        socket.once('connect_error', reject);
      });
      const host = new FloorHost({ send: (action) => socket.emit('action', action), close: () => socket.disconnect() }, sectionId, bidderOrgIds);
      let frame = 0;
      socket.io.engine.on('packet', ({ type, data }) => {
        if (type === 'message' && typeof data === 'string') frame = 1 + Buffer.byteLength(data);
      });
      socket.on('opening:events', (events: TOpeningEvent[]) => host.take(events, frame));
      return host;
    }
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const host = new FloorHost({ send: (action) => socket.send(JSON.stringify(action)), close: () => socket.terminate() }, sectionId, bidderOrgIds);
    socket.on('message', (raw: Buffer) => host.take((JSON.parse(raw.toString()) as [string, TOpeningEvent[]])[1], raw.length));
    return host;
  }

  send(i: number): void {
    this.samples.set(i, { emit: monotonicMs(), emitWall: Date.now() });
    const data = { bidderOrgId: this.bidderOrgIds[i]!, kind: 'CASH', detail: reference(i) };
    this.channel.send({ sectionId: this.sectionId, seq: i, type: 'BOND_RECORDED', data });
  }

  close(): void {
    this.channel.close();
  }
}
