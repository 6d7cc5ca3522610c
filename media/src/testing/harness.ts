import type { MediaEvents } from '../events';
import type { MediaKind, ParticipantRole, TJoinResult } from '../schemas';
import { type ClientOptions, TestClient } from './client';

/** The part of Sfu and MediaPlane a signalling layer drives; both fit. */
export interface SignallingTarget {
  join(input: unknown): Promise<TJoinResult>;
  answer(input: unknown): Promise<void>;
  on(event: 'negotiationneeded', listener: (...args: MediaEvents['negotiationneeded']) => void): unknown;
  off(event: 'negotiationneeded', listener: (...args: MediaEvents['negotiationneeded']) => void): unknown;
}

export interface HarnessJoin {
  role?: ParticipantRole;
  publish?: MediaKind[];
  /** Start the synthetic sources once connected (default: true when publishing). */
  send?: boolean;
  /** Leave the server's offers unanswered (a client that hangs). */
  silent?: boolean;
  client?: ClientOptions;
  autoSubscribe?: boolean;
}

/** Plays the signalling layer in tests: delivers every offer to its TestClient and the answer back. */
export class Harness {
  readonly clients = new Map<string, TestClient>();
  private readonly silent = new Set<string>();
  readonly errors: unknown[] = [];
  private readonly onOffer = ({ roomId, participantId, offer }: MediaEvents['negotiationneeded'][0]) => {
    const client = this.clients.get(`${roomId}|${participantId}`);
    if (!client || this.silent.has(`${roomId}|${participantId}`)) return;
    client
      .answer(offer)
      .then((answer) => this.target.answer({ roomId, participantId, answer }))
      .catch((error: unknown) => this.errors.push(error));
  };

  constructor(private readonly target: SignallingTarget) {
    target.on('negotiationneeded', this.onOffer);
  }

  async join(roomId: string, participantId: string, options: HarnessJoin = {}): Promise<TestClient & { joined: TJoinResult }> {
    const client = new TestClient(options.client);
    const key = `${roomId}|${participantId}`;
    this.clients.set(key, client);
    if (options.silent) this.silent.add(key);
    try {
      const joined = await this.target.join({
        roomId,
        participantId,
        role: options.role ?? (options.publish ? 'publisher' : 'subscriber'),
        ...(options.publish ? { publish: options.publish } : {}),
        ...(options.autoSubscribe === undefined ? {} : { autoSubscribe: options.autoSubscribe }),
      });
      if (!options.silent) {
        await this.target.answer({ roomId, participantId, answer: await client.answer(joined.offer) });
        if (options.publish && options.send !== false) client.startSending(options.publish);
      }
      return Object.assign(client, { joined });
    } catch (error) {
      this.clients.delete(key);
      await client.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.target.off('negotiationneeded', this.onOffer);
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true or `ms` passes; returns whether it did. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, every = 25): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleep(every);
  }
  return check();
}
