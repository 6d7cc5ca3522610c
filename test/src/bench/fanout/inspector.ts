import { writeFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { until } from './clock';

/** The flag that opens a process's inspector on a port of its own, which it then prints. */
export const INSPECT_FLAG = '--inspect=127.0.0.1:0';

/** The inspector address a process started with INSPECT_FLAG printed on stderr. */
export async function inspectorUrl(output: () => string): Promise<string> {
  const find = () => /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1];
  await until(() => find() !== undefined, 30_000, 'the inspector to listen');
  return find()!;
}

/** A DevTools protocol session with another process. */
async function connect(url: string) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let id = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const mine = ++id;
      const onMessage = (raw: Buffer) => {
        const reply = JSON.parse(raw.toString()) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
        if (reply.id !== mine) return;
        socket.off('message', onMessage);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method, params }));
    });
  return { call, close: () => socket.close() };
}

/**
 * The JS heap a process keeps once garbage is gone: a heap's size at any moment depends far more
 * on when the collector last ran than on what the process holds. Two full collections (the second
 * frees what finalizers of the first released), then the heap in use.
 */
export async function retainedHeap(url: string): Promise<number> {
  const session = await connect(url);
  try {
    await session.call('HeapProfiler.collectGarbage');
    await session.call('HeapProfiler.collectGarbage');
    const used = await session.call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
    return (used.result as { value: number }).value;
  } finally {
    session.close();
  }
}

/** Starts sampling another process's CPU; `stop` writes a `.cpuprofile` (open it in Chrome's DevTools). */
export async function profileCpu(url: string): Promise<{ stop(file: string): Promise<void> }> {
  const session = await connect(url);
  await session.call('Profiler.enable');
  await session.call('Profiler.start');
  return {
    async stop(file) {
      try {
        const { profile } = await session.call('Profiler.stop');
        await writeFile(file, JSON.stringify(profile));
      } finally {
        session.close();
      }
    },
  };
}
