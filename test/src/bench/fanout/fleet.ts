import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { spawnTs } from './proc';
import type { FleetCommand, FleetReport, FloorProtocol } from './protocol';

export interface Delivery {
  /** When the first and the last connection of the whole fleet received the message (`monotonicMs`). */
  first: number;
  last: number;
}

type Reply = Exclude<FleetReport, { kind: 'delivered' | 'failed' }>;

const ENTRY = fileURLToPath(new URL('./fleet-process.ts', import.meta.url));

/**
 * Connections spread over child processes (one process's event loop cannot take every
 * connection's traffic at the larger sizes); a message counts as delivered when every process
 * has seen it on all of its connections.
 */
export class Fleet {
  readonly delivered = new Map<number, Delivery>();
  /** Failures reported while no command was in progress: a connection lost for good. */
  readonly problems: string[] = [];
  private readonly partial = new Map<number, Delivery & { processes: number }>();
  private closing = false;
  private readonly replies = new Map<ChildProcess, { kind: Reply['kind']; resolve(reply: Reply): void; reject(error: Error): void }>();

  private constructor(private readonly children: ChildProcess[]) {
    for (const child of children) {
      child.on('message', (report: FleetReport) => this.receive(child, report));
      child.once('exit', (code) => {
        const failure = `a fleet process exited with ${code}`;
        const waiting = this.replies.get(child);
        if (waiting) waiting.reject(new Error(failure));
        else if (!this.closing) this.problems.push(failure);
      });
    }
  }

  static spawn(processes: number): Fleet {
    return new Fleet(Array.from({ length: processes }, () => spawnTs(ENTRY, { ipc: true })));
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid!);
  }

  /** Connects one bidder per token and has each join the hall; resolves with the states the joins saw. */
  async openBidders(url: string, tokens: string[], sectionId: string) {
    const share = Math.ceil(tokens.length / this.children.length);
    const replies = await Promise.all(
      this.children.map((child, i) => this.request(child, { kind: 'open', protocol: 'bidhall', url, sectionId, tokens: tokens.slice(i * share, (i + 1) * share) }, 'opened')),
    );
    return this.summarize(replies);
  }

  /** Connects `count` bare connections to a floor server. */
  async openFloor(protocol: FloorProtocol, url: string, count: number) {
    const share = Math.ceil(count / this.children.length);
    const replies = await Promise.all(
      this.children.map((child, i) => this.request(child, { kind: 'open', protocol, url, count: Math.max(0, Math.min(share, count - i * share)) }, 'opened')),
    );
    return this.summarize(replies);
  }

  async leave(): Promise<void> {
    await Promise.all(this.children.map((child) => this.request(child, { kind: 'leave' }, 'left')));
  }

  /** Messages some connection has not received yet, with how many connections did; reconnections so far; connections not back in the hall. */
  async pending(): Promise<{ counts: Map<number, number>; reconnects: number; unsettled: number }> {
    const counts = new Map<number, number>();
    let reconnects = 0;
    let unsettled = 0;
    for (const child of this.children) {
      const reply = await this.request(child, { kind: 'pending' }, 'pending');
      if (reply.kind !== 'pending') continue;
      for (const [seq, n] of reply.counts) counts.set(seq, (counts.get(seq) ?? 0) + n);
      reconnects += reply.reconnects;
      unsettled += reply.unsettled;
    }
    return { counts, reconnects, unsettled };
  }

  /** Resolves once every connection has been in the hall, with no reconnection, for `quietMs`. */
  async settle(quietMs: number, timeoutMs: number): Promise<void> {
    const give = Date.now() + timeoutMs;
    let last = await this.pending();
    let quietSince = Date.now();
    while (Date.now() - quietSince < quietMs) {
      if (Date.now() > give) throw new Error(`the hall did not settle: ${last.unsettled} connections down or joining again, ${last.reconnects} reconnections`);
      await sleep(1000);
      const now = await this.pending();
      if (now.reconnects !== last.reconnects || now.unsettled > 0) quietSince = Date.now();
      last = now;
    }
  }

  close(): void {
    this.closing = true;
    for (const child of this.children) if (child.connected) child.send({ kind: 'close' } satisfies FleetCommand);
  }

  private summarize(replies: Reply[]) {
    const opened = replies.filter((r) => r.kind === 'opened');
    return {
      connectMs: Math.max(...opened.map((r) => r.connectMs)),
      joinMs: Math.max(...opened.map((r) => r.joinMs)),
      states: [...new Set(opened.flatMap((r) => r.states))],
    };
  }

  private request(child: ChildProcess, command: FleetCommand, kind: Reply['kind']): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.replies.set(child, { kind, resolve, reject });
      child.send(command);
    });
  }

  private receive(child: ChildProcess, report: FleetReport): void {
    if (report.kind === 'delivered') {
      const part = this.partial.get(report.seq);
      if (!part) this.partial.set(report.seq, { first: report.first, last: report.last, processes: 1 });
      else {
        part.first = Math.min(part.first, report.first);
        part.last = Math.max(part.last, report.last);
        part.processes++;
      }
      const done = this.partial.get(report.seq)!;
      if (done.processes === this.children.length) {
        this.partial.delete(report.seq);
        this.delivered.set(report.seq, { first: done.first, last: done.last });
      }
      return;
    }
    const waiting = this.replies.get(child);
    if (!waiting) {
      if (report.kind === 'failed') this.problems.push(report.message);
      return;
    }
    this.replies.delete(child);
    if (report.kind === 'failed') waiting.reject(new Error(`fleet process: ${report.message}`));
    else if (report.kind === waiting.kind) waiting.resolve(report);
    else waiting.reject(new Error(`fleet process answered ${report.kind}, expected ${waiting.kind}`));
  }
}
