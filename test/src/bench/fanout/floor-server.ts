// The floors for opening-fanout: a server that stamps each message its host sends and broadcasts
// it, serialized once, to every connection — and does nothing else. `ws` is the plain WebSocket
// floor; `socket.io` is Socket.IO configured as bidhall's gateway is (connection-state recovery
// on, a room for the hall), without authentication, handlers or a database.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';

interface Action {
  sectionId: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

const stamp = (action: Action) => [{ sectionId: action.sectionId, seq: action.seq, at: new Date().toISOString(), type: action.type, data: action.data }];

const http = createServer();
if (process.argv[2] === 'socket.io') {
  const io = new Server(http, { serveClient: false, connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: false } });
  io.on('connection', (socket) => {
    void socket.join('hall');
    socket.on('action', (action: Action) => io.to('hall').emit('opening:events', stamp(action)));
  });
} else {
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', (socket) => {
    socket.on('message', (raw: Buffer) => {
      const frame = Buffer.from(JSON.stringify(['opening:events', stamp(JSON.parse(raw.toString()) as Action)]));
      for (const client of wss.clients) client.send(frame, { binary: false });
    });
  });
}
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
