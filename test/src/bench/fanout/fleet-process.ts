// A fleet of hall participants in a process of its own, so that their work is not the server's.
import type { Ack, ClientEventResult, ClientToServerEvents, ServerToClientEvents } from '@bidhall/contracts';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { monotonicMs } from './clock';
import type { FleetCommand, FleetReport, FloorProtocol } from './protocol';

type BidderSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_CONCURRENCY = 50;
const JOIN_CONCURRENCY = 4;
const TIMEOUT_MS = 120_000;

const report = (message: FleetReport) => process.send!(message);

const receipts = new Map<number, { count: number; first: number; last: number }>();
let size = 0;
let reconnects = 0;
let rejoining = 0;
let sectionId = '';

/** Called for every message every connection receives; the only work done per receipt. */
function received(seq: number): void {
  const now = monotonicMs();
  let r = receipts.get(seq);
  if (!r) receipts.set(seq, (r = { count: 0, first: now, last: now }));
  r.last = now;
  if (++r.count === size) {
    receipts.delete(seq);
    report({ kind: 'delivered', seq, first: r.first, last: r.last });
  }
}

async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

function accepted<T>(event: string, ack: Ack<T>): asserts ack is Extract<Ack<T>, { ok: true }> {
  if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code} ${ack.error.message}`);
}

/**
 * A bidder's connection behaving as the hall's client does: it keeps the last sequence number
 * it saw and, after a reconnection Socket.IO could not recover, joins again from there, taking
 * the events it missed from the answer. Each event counts once, when it first arrives.
 */
class Bidder {
  private lastSeq = 0;
  private inHall = false;

  private constructor(readonly socket: BidderSocket) {
    socket.on('opening:events', (events) => events.forEach((event) => this.take(event.seq)));
    socket.io.on('reconnect', () => reconnects++);
    socket.on('connect', () => {
      if (!this.inHall || socket.recovered) return;
      rejoining++;
      this.join()
        .catch((error: unknown) => report({ kind: 'failed', message: `rejoin: ${String(error)}` }))
        .finally(() => rejoining--);
    });
  }

  static connect(url: string, token: string): Promise<Bidder> {
    const socket: BidderSocket = io(url, { transports: ['websocket'], forceNew: true, timeout: TIMEOUT_MS, auth: { token } });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new Bidder(socket)));
      socket.once('connect_error', reject);
    });
  }

  async join(): Promise<string> {
    const ack: Ack<ClientEventResult<'opening:join'>> = await this.socket.timeout(TIMEOUT_MS).emitWithAck('opening:join', { sectionId, afterSeq: this.lastSeq });
    accepted('opening:join', ack);
    if (this.inHall) for (const event of ack.data.events) this.take(event.seq);
    else this.lastSeq = ack.data.view.lastSeq;
    this.inHall = true;
    return ack.data.view.state;
  }

  async leave(): Promise<void> {
    this.inHall = false;
    accepted('opening:leave', await this.socket.timeout(TIMEOUT_MS).emitWithAck('opening:leave', { sectionId }));
  }

  private take(seq: number): void {
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    received(seq);
  }
}

const bidders: Bidder[] = [];
let floorConnections = 0;

/** A bare connection to a floor: it counts what arrives and nothing else; a lost one fails the bench. */
function connectFloor(protocol: FloorProtocol, url: string): Promise<void> {
  const lost = () => report({ kind: 'failed', message: `a ${protocol} floor connection closed` });
  if (protocol === 'socket.io') {
    const socket: Socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: TIMEOUT_MS });
    socket.on('opening:events', (events: { seq: number }[]) => events.forEach((event) => received(event.seq)));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        socket.once('disconnect', lost);
        resolve();
      });
      socket.once('connect_error', reject);
    });
  }
  const socket = new WebSocket(url, { perMessageDeflate: false });
  socket.on('message', (data: Buffer) => (JSON.parse(data.toString()) as [string, { seq: number }[]])[1].forEach((event) => received(event.seq)));
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.once('close', lost);
      resolve();
    });
    socket.once('error', reject);
  });
}

async function open(command: Extract<FleetCommand, { kind: 'open' }>): Promise<void> {
  const started = monotonicMs();
  if (command.protocol !== 'bidhall') {
    const { protocol, url } = command;
    await pool(Array.from({ length: command.count }), CONNECT_CONCURRENCY, () => connectFloor(protocol, url));
    floorConnections += command.count;
    size = floorConnections;
    report({ kind: 'opened', connectMs: monotonicMs() - started, joinMs: 0, states: [] });
    return;
  }
  const added = await pool(command.tokens, CONNECT_CONCURRENCY, (token) => Bidder.connect(command.url, token));
  const connected = monotonicMs();
  sectionId = command.sectionId;
  const states = await pool(added, JOIN_CONCURRENCY, (bidder) => bidder.join());
  bidders.push(...added);
  size = bidders.length;
  report({ kind: 'opened', connectMs: connected - started, joinMs: monotonicMs() - connected, states: [...new Set(states)] });
}

async function leave(): Promise<void> {
  await pool(bidders, JOIN_CONCURRENCY, (bidder) => bidder.leave());
  size = 0;
  report({ kind: 'left' });
}

process.on('message', (command: FleetCommand) => {
  const fail = (error: unknown) => report({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  switch (command.kind) {
    case 'open':
      open(command).catch(fail);
      break;
    case 'leave':
      leave().catch(fail);
      break;
    case 'pending':
      report({
        kind: 'pending',
        counts: [...receipts].map(([seq, r]) => [seq, r.count]),
        reconnects,
        unsettled: rejoining + bidders.filter((b) => !b.socket.connected).length,
      });
      break;
    case 'close':
      process.exit(0);
  }
});
// Without the bench, reconnecting clients would outlive it.
process.on('disconnect', () => process.exit(0));
