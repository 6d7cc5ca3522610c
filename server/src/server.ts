import { createServer, type Server as HttpServer } from 'node:http';
import { type AppOptions, createApp } from './app';
import { createIo, type IoOptions } from './io';
import type { AppServer } from './lib/socket/types';
import type { Services } from './services';

export interface RunningServer {
  http: HttpServer;
  io: AppServer;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then disconnects every socket. */
  close(graceMs?: number): Promise<void>;
}

/** Wires the HTTP app and the socket gateway onto one HTTP server, not yet listening. */
export function createHttpServer(s: Services, options: AppOptions & IoOptions = {}): RunningServer {
  const http = createServer(createApp(s, options));
  const io = createIo(http, s, options);
  return {
    http,
    io,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => http.closeAllConnections(), graceMs);
        force.unref();
        io.disconnectSockets(true);
        // io.close() closes the HTTP server too; its callback runs once every connection is gone.
        void io.close(() => {
          clearTimeout(force);
          resolve();
        });
        http.closeIdleConnections();
      }),
  };
}
