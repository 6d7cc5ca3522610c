import { MediaError, MediaErrorCode } from '../errors';
import type { MediaEvents } from '../events';
import { Sfu } from '../sfu/sfu';
import { type PlaneToWorker, WORKER_METHODS, type WorkerOptions, type WorkerToPlane, type WorkerUsage } from './protocol';

/**
 * An SFU worker process: one Sfu, driven by the plane over the IPC channel. Any failure of a
 * request goes back as a coded error; nothing a client sends can end the process.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as WorkerOptions;
const sfu = new Sfu(options);
const send = (message: WorkerToPlane) => {
  if (process.connected) process.send?.(message);
};

const events: (keyof MediaEvents)[] = [
  'negotiationneeded',
  'trackPublished',
  'trackUnpublished',
  'trackMuted',
  'activeSpeaker',
  'audioLevels',
  'participantLeft',
  'recordingFinished',
];
for (const event of events) {
  (sfu.on as (event: keyof MediaEvents, listener: (payload: unknown) => void) => Sfu)(event, (payload) =>
    send({ type: 'event', event, payload } as WorkerToPlane),
  );
}

const usage = (): WorkerUsage => {
  const cpu = process.cpuUsage();
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  return { pid: process.pid, cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage.rss(), handles };
};

const call = async (method: PlaneToWorker['method'], args: unknown[]): Promise<unknown> => {
  switch (method) {
    case 'usage':
      return usage();
    case 'stats':
      return sfu.stats(args[0] === true);
    case 'openRelay':
      return sfu.openRelay(args[0] as string, args[1] as Parameters<Sfu['openRelay']>[1]);
    case 'closeRelay':
      return sfu.closeRelay(args[0] as string, args[1] as string);
    case 'pipeTo':
      return sfu.pipeTo(args[0] as string, args[1] as string, args[2] as string, args[3] as number);
    case 'unpipe':
      return sfu.unpipe(args[0] as string, args[1] as string, args[2] as number | undefined);
    case 'closeRoom':
      return sfu.closeRoom(args[0] as string);
    default:
      return sfu[method](args[0]);
  }
};

process.on('message', (message: PlaneToWorker) => {
  if (message?.type !== 'call' || !WORKER_METHODS.includes(message.method)) return;
  call(message.method, message.args).then(
    (value) => send({ type: 'result', id: message.id, ok: true, value }),
    (error: unknown) => {
      const coded =
        error instanceof MediaError
          ? error
          : new MediaError(MediaErrorCode.INTERNAL, error instanceof Error ? error.message : String(error));
      send({ type: 'result', id: message.id, ok: false, error: coded.toJSON() });
    },
  );
});

// A werift bug surfacing as an exception in a socket callback must not take down every room
// on this worker; it is logged and the worker carries on.
process.on('uncaughtException', (error) => process.stderr.write(`media worker: ${error.stack ?? error.message}\n`));
process.on('unhandledRejection', (error) => process.stderr.write(`media worker: unhandled ${String(error)}\n`));
process.on('disconnect', () => {
  void sfu.close().finally(() => process.exit(0));
});

send({ type: 'ready', pid: process.pid });
