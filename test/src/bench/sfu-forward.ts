import { type ChildProcess, fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MediaPlane, type TSessionDescription } from '@bidhall/media';
import { TestClient, waitFor } from '@bidhall/media/testing';
import { type Metric, metric } from './metric';
import { type FleetSubscriber, type FromFleet, type FromForwarder, percentile, type ToFleet, type ToForwarder } from './sfu/protocol';

/**
 * One publisher (synthetic VP8, ~1.5 Mbit/s, 30 fps, a key frame every 2 s unless asked) per
 * forwarder, subscribers in processes of their own. The baseline is a bare werift forwarder (one
 * track handed to every sender with replaceTrack, nothing else), the value the SFU in a
 * MediaPlane worker.
 *
 * First both run side by side with the same audiences, so whatever else the shared machine does
 * weighs on both alike: CPU per forwarded packet (all in, and the marginal cost between two
 * audiences, which leaves out per-participant timers), end-to-end delay, and single viewers
 * joining one at a time, timed from asking to join to their first key frame. Then the SFU alone takes a
 * growing audience until loss passes 1 %, delivery falls behind or a process saturates.
 */
/** Audiences both forwarders carry side by side; two sizes give the marginal cost of a packet. */
const PAIRED = [40, 80];
const PAIRED_WINDOWS = 3;
const RAMP = [120, 180, 240, 300];
const PROBES = 5;
const WINDOW_MS = 3000;
const MAX_LOSS = 0.01;
const MAX_CORES = 0.95;
/** Past this, packets queue in some process: it is saturated whatever its CPU figure says. */
const MAX_E2E_P99_MS = 1000;
const MIN_DELIVERED = 0.95;
const PROBE_TIMEOUT_MS = 5000;
const BENCH = 'sfu-forward';

interface Target {
  join(id: string, role: 'publisher' | 'subscriber'): Promise<TSessionDescription>;
  answer(id: string, answer: TSessionDescription): Promise<void>;
  cpuMicros(): Promise<number>;
  /** In-SFU forward delay of the window since the last call (SFU only). */
  forwardDelayP99(): Promise<number | undefined>;
  close(): Promise<void>;
}

interface Step {
  subscribers: number;
  cores: number;
  fleetCores: number;
  packetsPerSecond: number;
  loss: number;
  /** Packets/s per subscriber against the publisher's nominal rate: below 1 when something falls behind. */
  delivered: number;
  microsPerPacket: number;
  forwardP99: number | undefined;
  e2eP99: number;
}

const child = (file: string): ChildProcess =>
  fork(fileURLToPath(new URL(file, import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });

const once = <T>(proc: ChildProcess, type: string): Promise<T> =>
  new Promise((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      proc.off('message', listener);
      resolve(message as T);
    };
    proc.on('message', listener);
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sfuTarget(onOffer: (id: string, offer: TSessionDescription) => void): Promise<Target> {
  const plane = await MediaPlane.start({
    workers: 1,
    measureDelay: true,
    subscribersPerWorker: 100_000,
    timeouts: { answerMs: 60_000, connectMs: 60_000 },
    roomLimits: { broadcast: { maxParticipants: 100_000 } },
  });
  await plane.openRoom({ roomId: 'bench', kind: 'broadcast', record: false });
  plane.on('negotiationneeded', ({ participantId, offer }) => onOffer(participantId, offer));
  // Nobody should leave during a run; if someone does, the step's figures need this to be read.
  plane.on('participantLeft', ({ participantId, reason }) => process.stderr.write(`sfu: ${participantId} left (${reason})\n`));
  plane.on('workerRestarted', ({ signal, exitCode }) => process.stderr.write(`sfu: worker restarted after ${signal ?? exitCode}\n`));
  const worker = async (reset = false) => (await plane.stats({ resetDelays: reset }))[0]!;
  return {
    join: async (id, role) => (await plane.join({ roomId: 'bench', participantId: id, role, ...(role === 'publisher' ? { publish: ['video'] } : {}) })).offer,
    answer: (id, answer) => plane.answer({ roomId: 'bench', participantId: id, answer }),
    cpuMicros: async () => (await worker()).cpuMicros,
    forwardDelayP99: async () => (await worker(true)).forwardDelayMs?.p99,
    close: () => plane.close(),
  };
}

async function bareTarget(): Promise<Target> {
  const proc = child('./sfu/bare-forwarder.ts');
  await once(proc, 'ready');
  const offers = new Map<string, (offer: TSessionDescription) => void>();
  const usages: ((cpuMicros: number) => void)[] = [];
  proc.on('message', (message: FromForwarder) => {
    if (message.type === 'offer') {
      offers.get(message.id)?.(message.offer);
      offers.delete(message.id);
    } else if (message.type === 'usage') usages.shift()?.(message.cpuMicros);
  });
  const call = (message: ToForwarder) => {
    proc.send(message);
  };
  return {
    join: (id, role) =>
      new Promise((resolve) => {
        offers.set(id, resolve);
        call({ type: 'join', id, role });
      }),
    answer: async (id, answer) => call({ type: 'answer', id, answer }),
    cpuMicros: () =>
      new Promise((resolve) => {
        usages.push(resolve);
        call({ type: 'usage' });
      }),
    forwardDelayP99: async () => undefined,
    close: async () => {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      call({ type: 'close' });
      await exited;
    },
  };
}

type Snapshot = Extract<FromFleet, { type: 'snapshot' }>;

/** A forwarder with its publisher and its own subscriber process. */
class Rig {
  private readonly snapshots: ((s: Snapshot) => void)[] = [];
  private readonly publisher = new TestClient({ video: { kbps: 1500, fps: 30, keyFrameInterval: 60 } });
  private target!: Target;
  private named = 0;
  private mark: { fleet: Snapshot; cpu: number; at: number } | undefined;
  private closed = false;
  /** Load average when the publisher's connection failed, if it did. */
  overloadedAt: number | undefined;
  readonly steps: Step[] = [];
  readonly joinToFirstFrame: number[] = [];

  private constructor(
    readonly name: string,
    private readonly fleet: ChildProcess,
  ) {}

  static async start(name: string, makeTarget: (onOffer: (id: string, offer: TSessionDescription) => void) => Promise<Target>): Promise<Rig> {
    const fleet = child('./sfu/fleet.ts');
    await once(fleet, 'ready');
    const rig = new Rig(name, fleet);
    rig.target = await makeTarget((id, offer) => {
      if (id === 'publisher') void rig.publisher.answer(offer).then((answer) => rig.target.answer(id, answer));
      else rig.tell({ type: 'offer', id, offer });
    });
    fleet.on('message', (message: FromFleet) => {
      if (message.type === 'join') void rig.target.join(message.id, 'subscriber').then((offer) => rig.tell({ type: 'offer', id: message.id, offer }));
      else if (message.type === 'answer') void rig.target.answer(message.id, message.answer);
      else if (message.type === 'snapshot') rig.snapshots.shift()?.(message);
    });
    rig.publisher.pc.connectionStateChange.subscribe((state) => {
      process.stderr.write(`${name}: publisher ${state}\n`);
      // ICE consent fails when a process lags for seconds: the figures after it mean nothing.
      if (state === 'failed') rig.overloadedAt ??= loadavg()[0]!;
    });
    await rig.target.answer('publisher', await rig.publisher.answer(await rig.target.join('publisher', 'publisher')));
    rig.publisher.startSending(['video']);
    return rig;
  }

  private tell(message: ToFleet): void {
    this.fleet.send(message);
  }

  private snapshot(): Promise<Snapshot> {
    return new Promise((resolve) => {
      this.snapshots.push(resolve);
      this.tell({ type: 'snapshot' });
    });
  }

  /** Brings the audience to `size` and waits until every subscriber has had a key frame. */
  async grow(size: number): Promise<void> {
    this.tell({ type: 'join', ids: Array.from({ length: size - this.named }, (_, i) => `sub-${this.named + i}`) });
    this.named = size;
    await waitFor(async () => {
      const s = await this.snapshot();
      return s.subscribers.filter((x) => x.id.startsWith('sub-')).every((x) => x.joinToFirstFrameMs !== undefined) && s.subscribers.length >= size;
    }, 30_000, 500);
  }

  async openWindow(): Promise<void> {
    const fleet = await this.snapshot();
    const cpu = await this.target.cpuMicros();
    await this.target.forwardDelayP99();
    this.mark = { fleet, cpu, at: performance.now() };
  }

  async closeWindow(): Promise<Step> {
    const fleet = await this.snapshot();
    const cpu = await this.target.cpuMicros();
    const forwardP99 = await this.target.forwardDelayP99();
    const { fleet: start, cpu: startCpu, at } = this.mark!;
    const seconds = (performance.now() - at) / 1000;
    const before = new Map(start.subscribers.map((s) => [s.id, s]));
    let received = 0;
    let expected = 0;
    for (const s of fleet.subscribers) {
      const prior = before.get(s.id);
      received += s.received - (prior?.received ?? 0);
      expected += s.expected - (prior?.expected ?? 0);
    }
    const audience = fleet.subscribers.length;
    const nominal = this.publisher.video.packetsPerSecond;
    const step: Step = {
      subscribers: audience,
      cores: (cpu - startCpu) / 1e6 / seconds,
      fleetCores: (fleet.cpuMicros - start.cpuMicros) / 1e6 / seconds,
      packetsPerSecond: received / seconds,
      loss: expected > 0 ? Math.max(0, 1 - received / expected) : 1,
      delivered: received / seconds / audience / nominal,
      microsPerPacket: received > 0 ? (cpu - startCpu) / received : Infinity,
      forwardP99,
      e2eP99: fleet.delayP99,
    };
    this.steps.push(step);
    process.stderr.write(`${this.name} ${JSON.stringify(step)}\n`);
    return step;
  }

  /** Viewers joining one at a time, each timed from asking to join to its first key frame. */
  async probe(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const id = `probe-${i}`;
      this.tell({ type: 'join', ids: [id] });
      let probe: FleetSubscriber | undefined;
      await waitFor(async () => {
        probe = (await this.snapshot()).subscribers.find((s) => s.id === id);
        return probe?.joinToFirstFrameMs !== undefined;
      }, PROBE_TIMEOUT_MS, 50);
      this.joinToFirstFrame.push(probe?.joinToFirstFrameMs ?? PROBE_TIMEOUT_MS);
    }
    this.joinToFirstFrame.sort((x, y) => x - y);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.publisher.close();
    await this.target.close();
    const exited = new Promise((resolve) => this.fleet.once('exit', resolve));
    this.tell({ type: 'close' });
    await exited;
  }
}

const healthy = (s: Step) =>
  s.loss <= MAX_LOSS && s.delivered >= MIN_DELIVERED && s.cores <= MAX_CORES && s.fleetCores <= MAX_CORES && s.e2eP99 <= MAX_E2E_P99_MS;

const median = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

export async function run(): Promise<Metric[]> {
  const [load] = loadavg();
  if (load! > 1) process.stderr.write(`sfu-forward: load average ${load!.toFixed(1)} on ${availableParallelism()} cores; other work will skew the figures\n`);
  const bare = await Rig.start('bare', async () => bareTarget());
  const sfu = await Rig.start('sfu', sfuTarget);
  try {
    for (const size of PAIRED) {
      await Promise.all([bare.grow(size), sfu.grow(size)]);
      await sleep(1000);
      for (let i = 0; i < PAIRED_WINDOWS; i++) {
        await Promise.all([bare.openWindow(), sfu.openWindow()]);
        await sleep(WINDOW_MS);
        await Promise.all([bare.closeWindow(), sfu.closeWindow()]);
      }
    }
    await bare.probe(PROBES);
    await sfu.probe(PROBES);
    await bare.close();

    let best = sfu.steps.at(-1)!;
    for (const size of RAMP) {
      await sfu.grow(size);
      await sleep(1000);
      await sfu.openWindow();
      await sleep(WINDOW_MS);
      const step = await sfu.closeWindow();
      if (!healthy(step)) break;
      best = step;
    }

    const overloaded = bare.overloadedAt ?? sfu.overloadedAt;
    if (overloaded !== undefined) {
      throw new Error(`a publisher lost its connection (ICE consent) with the load average at ${overloaded.toFixed(1)}: the machine is too busy for these figures; run again when it is idle`);
    }
    // Windows of one paired audience, for one rig.
    const windows = (rig: Rig, size: number) => rig.steps.slice(0, PAIRED.length * PAIRED_WINDOWS).filter((s) => s.subscribers === size);
    const allIn = (rig: Rig) => median(windows(rig, PAIRED.at(-1)!).map((s) => s.microsPerPacket));
    const marginal = (rig: Rig) => {
      const [small, large] = [PAIRED[0]!, PAIRED.at(-1)!].map((size) => ({
        cores: median(windows(rig, size).map((s) => s.cores)),
        pps: median(windows(rig, size).map((s) => s.packetsPerSecond)),
      }));
      return ((large!.cores - small!.cores) / (large!.pps - small!.pps)) * 1e6;
    };
    const packetsPerSubscriber = best.packetsPerSecond / best.subscribers;
    const perCore = (micros: number) => 1e6 / micros / packetsPerSubscriber;
    const at = (rig: Rig, q: number) => percentile(rig.joinToFirstFrame, q);
    const largest = PAIRED.at(-1)!;
    return [
      metric(BENCH, 'cpu_per_forwarded_packet', allIn(sfu), 'µs', allIn(bare)),
      metric(BENCH, 'cpu_per_forwarded_packet_marginal', marginal(sfu), 'µs', marginal(bare)),
      metric(BENCH, 'subscribers_per_core', perCore(allIn(sfu)), 'subscribers', perCore(allIn(bare))),
      metric(BENCH, 'subscribers_per_core_vs_mediasoup', perCore(allIn(sfu)), 'subscribers', 500),
      metric(BENCH, 'subscribers_per_core_vs_livekit', perCore(allIn(sfu)), 'subscribers', 190),
      metric(BENCH, 'end_to_end_delay_p99', median(windows(sfu, largest).map((s) => s.e2eP99)), 'ms', median(windows(bare, largest).map((s) => s.e2eP99))),
      metric(BENCH, 'join_to_first_frame_p50', at(sfu, 0.5), 'ms', at(bare, 0.5)),
      metric(BENCH, 'join_to_first_frame_p95', at(sfu, 0.95), 'ms', at(bare, 0.95)),
      // The SFU alone, at the largest audience that stayed healthy; 10 ms is the delay target.
      metric(BENCH, 'subscribers_per_worker', best.subscribers, 'subscribers', null),
      metric(BENCH, 'forwarded_packets_per_second', best.packetsPerSecond, 'packets/s', null),
      metric(BENCH, 'worker_cores_at_that_audience', best.cores, 'cores', null),
      metric(BENCH, 'forward_delay_p99_in_sfu', best.forwardP99 ?? 0, 'ms', 10),
    ];
  } finally {
    await Promise.allSettled([bare.close(), sfu.close()]);
  }
}
