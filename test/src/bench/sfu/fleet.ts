import { TestClient } from '@bidhall/media/testing';
import { type FromFleet, percentile, type ToFleet } from './protocol';

/**
 * Subscribers in a process of their own, so the SFU's CPU is the SFU's alone. Each asks the bench
 * to join, answers the offers it is sent, and counts what arrives.
 */
const clients = new Map<string, { client: TestClient; askedAt: number }>();
const send = (message: FromFleet) => process.send?.(message);

process.on('message', (message: ToFleet) => {
  switch (message.type) {
    case 'join':
      for (const id of message.ids) {
        clients.set(id, { client: new TestClient({ measureDelay: true }), askedAt: performance.now() });
        send({ type: 'join', id });
      }
      break;
    case 'offer': {
      const entry = clients.get(message.id);
      if (!entry) return;
      void entry.client.answer(message.offer).then((answer) => send({ type: 'answer', id: message.id, answer }));
      break;
    }
    case 'snapshot': {
      const delays: number[] = [];
      const subscribers = [...clients].map(([id, { client, askedAt }]) => {
        const video = client.received.find((t) => t.kind === 'video');
        if (video) delays.push(...video.delaysMs.splice(0));
        return {
          id,
          received: video?.packets ?? 0,
          expected: video ? TestClient.expected(video) : 0,
          joinToFirstFrameMs: video?.firstKeyFrameAt === undefined ? undefined : video.firstKeyFrameAt - askedAt,
        };
      });
      delays.sort((a, b) => a - b);
      const cpu = process.cpuUsage();
      send({ type: 'snapshot', cpuMicros: cpu.user + cpu.system, subscribers, delayP50: percentile(delays, 0.5), delayP99: percentile(delays, 0.99) });
      break;
    }
    case 'close':
      void Promise.all([...clients.values()].map(({ client }) => client.close())).finally(() => process.exit(0));
      break;
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
