import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MediaError, MediaErrorCode } from '../errors';
import type { MediaEvents } from '../events';
import type { PlaneToWorker, WorkerMethod, WorkerOptions, WorkerToPlane } from './protocol';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));
const PACKAGE_DIR = path.resolve(path.dirname(ENTRY), '..', '..');

type Pending = { resolve(value: unknown): void; reject(error: unknown): void; timer: NodeJS.Timeout };

/** The plane's end of one worker process: calls with a timeout, events, and the exit. */
export class WorkerHandle {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly ready: Promise<number>;
  exited = false;

  constructor(
    readonly id: number,
    options: WorkerOptions,
    private readonly callTimeoutMs: number,
    onEvent: <E extends keyof MediaEvents>(worker: WorkerHandle, event: E, payload: MediaEvents[E][0]) => void,
    onExit: (worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null) => void,
  ) {
    this.child = fork(ENTRY, [JSON.stringify(options)], {
      cwd: PACKAGE_DIR,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', () => reject(new MediaError(MediaErrorCode.WORKER_UNAVAILABLE, `media worker ${id} exited while starting`)));
      this.child.on('message', (message: WorkerToPlane) => {
        if (message.type === 'ready') resolve(message.pid);
        else if (message.type === 'result') this.settle(message);
        else if (message.type === 'event') onEvent(this, message.event, message.payload);
      });
    });
    this.ready.catch(() => undefined);
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      for (const [, call] of this.pending) {
        clearTimeout(call.timer);
        call.reject(new MediaError(MediaErrorCode.WORKER_UNAVAILABLE, `media worker ${id} exited`, { workerId: id }));
      }
      this.pending.clear();
      onExit(this, code, signal);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<T>(method: WorkerMethod, ...args: unknown[]): Promise<T> {
    if (this.exited) return Promise.reject(new MediaError(MediaErrorCode.WORKER_UNAVAILABLE, `media worker ${this.id} is down`, { workerId: this.id }));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MediaError(MediaErrorCode.WORKER_UNAVAILABLE, `media worker ${this.id} did not answer ${method}`, { workerId: this.id }));
      }, this.callTimeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      const message: PlaneToWorker = { type: 'call', id, method, args };
      this.child.send(message);
    });
  }

  private settle(message: Extract<WorkerToPlane, { type: 'result' }>): void {
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.value);
    else call.reject(MediaError.fromJSON(message.error));
  }

  /** Asks the worker to close its rooms and exit; kills it if it has not within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
