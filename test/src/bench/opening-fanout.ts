import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropSchema, startServerProcess } from '../harness/server-process';
import { monotonicMs, sleepUntil, until } from './fanout/clock';
import { Fleet } from './fanout/fleet';
import { BidhallHost, FloorHost, type Host } from './fanout/hosts';
import type { FloorProtocol } from './fanout/protocol';
import { INSPECT_FLAG, inspectorUrl, profileCpu, retainedHeap } from './fanout/inspector';
import { cpuMs, openFileLimit, percentile, rssBytes, spawnTs } from './fanout/proc';
import { BENCH_TOKEN_TTL_SECONDS, seedHall } from './fanout/seed';
import { type Metric, metric } from './metric';

const BENCH = 'opening-fanout';
/** Metrics at 1,000 bidders go unsuffixed, the others' get `_<size>`; FANOUT_SIZES=1000 runs one size only. */
const SIZES = (process.env.FANOUT_SIZES ?? '1000,5000').split(',').map(Number);
/** FANOUT_PROFILE=<dir> writes the server's CPU profile over the measured rounds there, one file per size. */
const PROFILE_DIR = process.env.FANOUT_PROFILE;
/**
 * Messages delivered per second: 10 host actions a second to 1,000 bidders, and proportionally
 * fewer actions to a larger hall. At 10 a second to 5,000, the server and the bidders' processes
 * together need more than this 2-core machine has, and the latencies measure the queue.
 */
const DELIVERIES_PER_SECOND = 10_000;
const WARMUP = 10;
/** Rounds alternate between bidhall and the floors, so drift on a shared machine hits all alike. */
const ROUNDS = 2;
const ROUND_SECONDS = 15;
const MIN_ROUND_ACTIONS = 60;
/** Seconds of actions with nobody but the host in the hall: what an action costs before any fan-out. */
const ALONE_SECONDS = 5;
const MIN_ALONE_ACTIONS = 20;
const HOST_CONNECTIONS = 4;
/** Beyond this many connections one receiving process falls behind its share of the traffic. */
const PER_FLEET_PROCESS = 2500;
const DRAIN_MS = 30_000;
/** The deadline as seeded: beyond any time the seeding, the start and the joins take. */
const SEEDED_DEADLINE_MS = 3_600_000;
/** The deadline once everyone has joined: time for the amendment's TIMES_CHANGED to reach the hall first. */
const DEADLINE_LEAD_MS = 5_000;
/** Quiet time (no bidder reconnecting) the hall needs before the rounds begin. */
const SETTLE_MS = 5_000;

interface Round {
  /** Per action, in ms: host's send → last bidder; host's receipt (≈ commit) → last bidder; send → host's receipt. */
  emitToLast: number[];
  commitToLast: number[];
  processing: number[];
  /** Wall-clock split of `processing` at the event's `at` (ms resolution). */
  beforeAt: number[];
  afterAt: number[];
  cpuMs: number;
  /** CPU of the processes holding the bidders' connections, over the same round. */
  fleetCpuMs: number;
  actions: number;
}

/**
 * Runs `count` host actions from `first`, `rate` a second on a fixed schedule whatever the
 * answers, and waits until each reached the host and, unless the hall is empty, every connection
 * of `fleet`; the server's CPU is read around the whole round.
 */
async function round(host: Host, fleet: Fleet | null, pid: number, first: number, count: number, rate: number): Promise<Round> {
  const fleetCpu = () => (fleet ? fleet.pids.reduce((sum, p) => sum + cpuMs(p), 0) : 0);
  const cpuBefore = cpuMs(pid);
  const fleetCpuBefore = fleetCpu();
  const start = monotonicMs();
  for (let k = 0; k < count; k++) {
    await sleepUntil(start + (k * 1000) / rate);
    host.send(first + k);
  }
  const indices = Array.from({ length: count }, (_, k) => first + k);
  const arrived = (i: number) => {
    const seq = host.samples.get(i)?.seq;
    return seq !== undefined && (!fleet || fleet.delivered.has(seq));
  };
  await until(() => host.failures.length > 0 || Boolean(fleet?.problems.length) || indices.every(arrived), DRAIN_MS, 'every action to reach the hall', async () => {
    const missing = indices.filter((i) => !arrived(i));
    const pending = fleet ? [...(await fleet.pending()).counts].slice(0, 5) : [];
    return `: ${missing.length} actions outstanding; partly delivered [seq, receipts]: ${JSON.stringify(pending)}`;
  });
  const cpu = cpuMs(pid) - cpuBefore;
  const receiving = fleetCpu() - fleetCpuBefore;
  if (host.failures.length) throw new Error(`host actions refused: ${host.failures.slice(0, 3).join('; ')}`);
  if (fleet?.problems.length) throw new Error(`connections lost: ${fleet.problems.slice(0, 3).join('; ')}`);
  const r: Round = { emitToLast: [], commitToLast: [], processing: [], beforeAt: [], afterAt: [], cpuMs: cpu, fleetCpuMs: receiving, actions: count };
  for (const i of indices) {
    const s = host.samples.get(i)!;
    r.processing.push(s.received! - s.emit);
    r.beforeAt.push(s.at! - s.emitWall);
    r.afterAt.push(s.receivedWall! - s.at!);
    if (!fleet) continue;
    const { first: firstBidder, last } = fleet.delivered.get(s.seq!)!;
    r.emitToLast.push(last - s.emit);
    // The host's process may be slower to read its socket than a bidder's: then that bidder's receipt is the earlier sign of the commit.
    r.commitToLast.push(last - Math.min(s.received!, firstBidder));
  }
  return r;
}

function merge(rounds: Round[]): Round {
  const all = (key: 'emitToLast' | 'commitToLast' | 'processing' | 'beforeAt' | 'afterAt') => rounds.flatMap((r) => r[key]).sort((a, b) => a - b);
  return {
    emitToLast: all('emitToLast'),
    commitToLast: all('commitToLast'),
    processing: all('processing'),
    beforeAt: all('beforeAt'),
    afterAt: all('afterAt'),
    cpuMs: rounds.reduce((sum, r) => sum + r.cpuMs, 0),
    fleetCpuMs: rounds.reduce((sum, r) => sum + r.fleetCpuMs, 0),
    actions: rounds.reduce((sum, r) => sum + r.actions, 0),
  };
}

const log = (line: string) => process.stderr.write(`[${BENCH}] ${line}\n`);
const kib = (bytes: number) => bytes / 1024;

/** A floor server with its host and its fleet connected: ready for rounds. */
interface Floor {
  protocol: FloorProtocol;
  pid: number;
  host: FloorHost;
  fleet: Fleet;
  /** What the server's resident set and retained heap grew by per connection, in KiB. */
  perConnection: { rss: number; heap: number };
  stop(): void;
}

/** Starts a floor server and connects its host and one connection per bidder of the hall to it. */
async function startFloor(protocol: FloorProtocol, sectionId: string, orgIds: string[], fleetProcesses: number): Promise<Floor> {
  const child = spawnTs(fileURLToPath(new URL('./fanout/floor-server.ts', import.meta.url)), { nodeFlags: [INSPECT_FLAG], args: [protocol] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const fleet = Fleet.spawn(fleetProcesses);
  let host: FloorHost | undefined;
  const stop = () => {
    host?.close();
    fleet.close();
    child.kill('SIGKILL');
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}: ${output}`)));
    });
    const inspector = await inspectorUrl(() => output);
    const url = `${protocol === 'ws' ? 'ws' : 'http'}://127.0.0.1:${port}`;
    host = await FloorHost.connect(protocol, url, sectionId, orgIds);
    const empty = { heap: await retainedHeap(inspector), rss: rssBytes(child.pid!) };
    await fleet.openFloor(protocol, url, orgIds.length);
    const full = { rss: rssBytes(child.pid!), heap: await retainedHeap(inspector) };
    const n = orgIds.length;
    return { protocol, pid: child.pid!, host, fleet, perConnection: { rss: kib(full.rss - empty.rss) / n, heap: kib(full.heap - empty.heap) / n }, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * One hall of `n` bidders on bidhall, and the floor with as many connections, measured side by side.
 *
 * bidhall: the server (`server/src/main.ts`, production mode) runs on a database seeded with a
 * section whose bid deadline is an hour ahead and one counted bid per bidder. Every bidder
 * connects (its own user and organization, a signed access token) and joins the hall; then the
 * agency brings the deadline forward to a few seconds ahead by an amendment. At the deadline the
 * server freezes the bids (the count goes out; the list is read in pages by whoever looks) and
 * every bidder stays in the hall, the host starts decryption, and then records one bidder's cash
 * bond per action. Bidders live in
 * fleet processes; the host lives in this process, its watching connection first in the room.
 *
 * Floors: a plain `ws` server broadcasting what the host sends, to as many connections in as many
 * fleet processes, with an event of the same shape and size (the baseline of the main metrics);
 * and the same over Socket.IO configured as bidhall's gateway, which tells how much of bidhall's
 * cost is the transport's own (the `_vs_socketio` metrics).
 */
async function measure(n: number): Promise<Metric[]> {
  const needed = n + HOST_CONNECTIONS + 64;
  if (openFileLimit() < needed) throw new Error(`${n} connections need ${needed} open files per process; raise \`ulimit -n\` (now ${openFileLimit()})`);
  const suffix = n === 1000 ? '' : `_${n}`;
  const fleetProcesses = Math.ceil(n / PER_FLEET_PROCESS);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bidhall-fanout-'));
  const databaseUrl = process.env.DATABASE_URL;
  const schema = databaseUrl ? `p_${randomBytes(5).toString('hex')}` : undefined;
  const jwtSecret = randomBytes(32).toString('base64url');
  const sealKey = randomBytes(32);
  const receiptKeyFile = path.join(dataDir, 'receipt.pem');
  await writeFile(receiptKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));

  log(`${n} bidders, ${databaseUrl ? 'PostgreSQL' : 'PGlite'}${process.env.REDIS_URL ? ', Redis Streams adapter' : ''}`);
  const fleet = Fleet.spawn(fleetProcesses);
  const hosts: Host[] = [];
  const floors: Floor[] = [];
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const hall = await seedHall({ bidders: n, deadline: new Date(Date.now() + SEEDED_DEADLINE_MS), database: databaseUrl && schema ? { url: databaseUrl, schema } : { dataDir }, jwtSecret, sealKey, blobDir: path.join(dataDir, 'blobs') });
    server = await startServerProcess({
      reuse: { dataDir, ...(schema ? { schema } : {}) },
      env: {
        NODE_ENV: 'production',
        DEMO: 'false',
        JWT_SECRET: jwtSecret,
        ACCESS_TOKEN_TTL: String(BENCH_TOKEN_TTL_SECONDS),
        SEAL_KEY: sealKey.toString('base64url'),
        RECEIPT_KEY_FILE: receiptKeyFile,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${INSPECT_FLAG}`.trim(),
      },
    });
    const serverPid = server.child.pid!;
    const orgIds = hall.bidders.map((b) => b.orgId);
    const host = await BidhallHost.connect(server.url, hall.hostToken, hall.sectionId, orgIds, HOST_CONNECTIONS);
    hosts.push(host);
    // The resident set grows with whatever the joins left for the collector as well; the heap after a collection, only with what stays.
    const serverInspector = await inspectorUrl(server.output);
    const serverEmpty = { heap: await retainedHeap(serverInspector), rss: rssBytes(serverPid) };
    const opened = await fleet.openBidders(server.url, hall.bidders.map((b) => b.token), hall.sectionId);
    log(`bidders connected in ${Math.round(opened.connectMs)} ms, joined in ${Math.round(opened.joinMs)} ms`);
    if (opened.states.some((s) => s !== 'SCHEDULED' && s !== 'SIGN_IN')) throw new Error(`bidders joined after the deadline (saw ${opened.states.join(', ')})`);
    const serverFull = { rss: rssBytes(serverPid), heap: await retainedHeap(serverInspector) };
    // Everyone is in the hall: only now is the deadline set, so a slow machine waits longer rather than missing it.
    const deadline = new Date(Date.now() + DEADLINE_LEAD_MS);
    await BidhallHost.moveDeadline(server.url, hall.hostToken, hall.sectionId, deadline);

    const frozen = await host.event('the bids to freeze', (e) => e.type === 'BIDS_FROZEN', deadline.getTime() - Date.now() + 30_000);
    await until(() => fleet.delivered.has(frozen.seq), 300_000, 'the frozen bid list to reach every bidder', async () => `: ${JSON.stringify([...(await fleet.pending()).counts])}`);
    const frozenFanout = fleet.delivered.get(frozen.seq)!.last - frozen.received;
    // Bidders whose heartbeat timed out behind that message come back, and are given time to.
    await fleet.settle(SETTLE_MS, 300_000);
    const frozenReconnects = (await fleet.pending()).reconnects;
    log(`bids frozen (${frozen.bytes} bytes); the last bidder had them ${Math.round(frozenFanout)} ms after the host; ${frozenReconnects} reconnections`);
    // The floors come up only now: their idle connections would be more load on this machine while the list goes out.
    for (const protocol of ['ws', 'socket.io'] as const) floors.push(await startFloor(protocol, hall.sectionId, orgIds, fleetProcesses));
    await host.startDecryption();
    const started = await host.event('decryption to start', (e) => e.type === 'STATE_CHANGED' && e.data.to === 'DECRYPTING', 30_000);
    await until(() => fleet.delivered.has(started.seq), 60_000, 'the start of decryption to reach every bidder');

    const rate = DELIVERIES_PER_SECOND / n;
    const perRound = Math.max(MIN_ROUND_ACTIONS, Math.round(ROUND_SECONDS * rate));
    let next = 0;
    const floorRound = (floor: Floor, count: number) => round(floor.host, floor.fleet, floor.pid, next, count, rate);
    await round(host, fleet, serverPid, next, WARMUP, rate);
    for (const floor of floors) await floorRound(floor, WARMUP);
    next += WARMUP;
    const app: Round[] = [];
    const base = new Map<FloorProtocol, Round[]>(floors.map((floor) => [floor.protocol, []]));
    const profile = PROFILE_DIR ? await profileCpu(serverInspector) : null;
    for (let r = 0; r < ROUNDS; r++) {
      app.push(await round(host, fleet, serverPid, next, perRound, rate));
      for (const floor of floors) base.get(floor.protocol)!.push(await floorRound(floor, perRound));
      next += perRound;
      log(`round ${r + 1}/${ROUNDS} done (${perRound} actions at ${rate}/s)`);
    }
    await profile?.stop(path.join(PROFILE_DIR!, `server-${n}.cpuprofile`));
    const roundReconnects = (await fleet.pending()).reconnects - frozenReconnects;
    await fleet.leave();
    const alone = await round(host, null, serverPid, next, Math.max(MIN_ALONE_ACTIONS, Math.round(ALONE_SECONDS * rate)), rate);

    const a = merge(app);
    const b = merge(base.get('ws')!);
    const io = merge(base.get('socket.io')!);
    const [wsFloor, ioFloor] = floors as [Floor, Floor];
    const deliveries = n + 1;
    const cpuPerDelivery = (x: Round) => (x.cpuMs * 1000) / (x.actions * deliveries);
    const receiverCpuPerMessage = (x: Round) => (x.fleetCpuMs * 1000) / (x.actions * n);
    const alonePerAction = alone.cpuMs / alone.actions;
    const fanoutPerDelivery = ((a.cpuMs - alonePerAction * a.actions) * 1000) / (a.actions * deliveries);
    const m = (name: string, value: number, unit: string, baseline: number | null) => metric(BENCH, `${name}${suffix}`, value, unit, baseline);
    return [
      m('actions_per_second', rate, '1/s', rate),
      m('commit_to_last_bidder_p50', percentile(a.commitToLast, 0.5), 'ms', percentile(b.commitToLast, 0.5)),
      m('commit_to_last_bidder_p99', percentile(a.commitToLast, 0.99), 'ms', percentile(b.commitToLast, 0.99)),
      m('send_to_last_bidder_p50', percentile(a.emitToLast, 0.5), 'ms', percentile(b.emitToLast, 0.5)),
      m('send_to_last_bidder_p99', percentile(a.emitToLast, 0.99), 'ms', percentile(b.emitToLast, 0.99)),
      m('server_processing_p50', percentile(a.processing, 0.5), 'ms', percentile(b.processing, 0.5)),
      m('server_processing_p99', percentile(a.processing, 0.99), 'ms', percentile(b.processing, 0.99)),
      m('send_to_event_at_p50', percentile(a.beforeAt, 0.5), 'ms', null),
      m('event_at_to_host_receipt_p50', percentile(a.afterAt, 0.5), 'ms', null),
      m('server_cpu_per_delivery', cpuPerDelivery(a), 'us', cpuPerDelivery(b)),
      m('server_cpu_per_action_alone', alonePerAction, 'ms', null),
      m('server_cpu_per_delivery_fanout_only', fanoutPerDelivery, 'us', cpuPerDelivery(b)),
      m('bidder_process_cpu_per_message', receiverCpuPerMessage(a), 'us', receiverCpuPerMessage(b)),
      m('server_rss_per_bidder', kib(serverFull.rss - serverEmpty.rss) / n, 'KiB', wsFloor.perConnection.rss),
      m('server_heap_per_bidder', kib(serverFull.heap - serverEmpty.heap) / n, 'KiB', wsFloor.perConnection.heap),
      m('event_bytes', host.frameBytes, 'B', wsFloor.host.frameBytes),
      m('socketio_floor_commit_to_last_bidder_p99', percentile(io.commitToLast, 0.99), 'ms', percentile(b.commitToLast, 0.99)),
      m('socketio_floor_server_cpu_per_delivery', cpuPerDelivery(io), 'us', cpuPerDelivery(b)),
      m('commit_to_last_bidder_p99_vs_socketio', percentile(a.commitToLast, 0.99), 'ms', percentile(io.commitToLast, 0.99)),
      m('server_cpu_per_delivery_vs_socketio', cpuPerDelivery(a), 'us', cpuPerDelivery(io)),
      m('server_cpu_per_delivery_fanout_only_vs_socketio', fanoutPerDelivery, 'us', cpuPerDelivery(io)),
      m('server_heap_per_bidder_vs_socketio', kib(serverFull.heap - serverEmpty.heap) / n, 'KiB', ioFloor.perConnection.heap),
      m('bidder_reconnects_in_rounds', roundReconnects, 'count', null),
      m('bids_frozen_fanout', frozenFanout, 'ms', null),
      m('bids_frozen_reconnects', frozenReconnects, 'count', null),
      m('bids_frozen_bytes', frozen.bytes, 'B', null),
    ];
  } finally {
    for (const h of hosts) h.close();
    fleet.close();
    for (const floor of floors) floor.stop();
    if (server) await server.cleanup();
    else if (databaseUrl && schema) await dropSchema(databaseUrl, schema);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Latency and server cost of one host action reaching every bidder of a hall, at 1,000 and
 * 5,000 bidders, beside a plain `ws` broadcast to as many connections in the same run.
 *
 * Times are CLOCK_MONOTONIC readings, comparable across the processes of this machine. A host
 * action's commit is taken as the moment the host's own watching connection receives its event
 * (or a bidder does, if earlier): that connection joined the hall first, and the broadcast, sent
 * once the transaction has committed, writes to the room's connections in joining order. From
 * there to the last bidder's receipt is the fan-out the targets speak of; from the host's send to
 * that receipt, the whole action. The event's own `at` is stamped when the action's transaction
 * is about to begin, before the row lock is taken, so it only splits the server's part in two. The server's CPU is its process's utime + stime from /proc over each round (background
 * timers and heartbeats included), divided by the messages delivered: every action reaches every
 * bidder plus the host.
 */
export async function run(): Promise<Metric[]> {
  const metrics: Metric[] = [];
  for (const n of SIZES) metrics.push(...(await measure(n)));
  return metrics;
}
