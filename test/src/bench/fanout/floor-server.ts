// The floor for opening-fanout: a plain `ws` server that stamps each message it is sent and
// broadcasts it, serialized once, to every connection — and does nothing else.
import { WebSocketServer } from 'ws';

interface Action {
  sectionId: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (socket) => {
  socket.on('message', (raw: Buffer) => {
    const action = JSON.parse(raw.toString()) as Action;
    const frame = Buffer.from(JSON.stringify(['opening:events', [{ sectionId: action.sectionId, seq: action.seq, at: new Date().toISOString(), type: action.type, data: action.data }]]));
    for (const client of wss.clients) client.send(frame, { binary: false });
  });
});
wss.on('listening', () => {
  const address = wss.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
