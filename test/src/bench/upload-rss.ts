import { readFile } from 'node:fs/promises';
import { type BidderKey, encryptEnvelope } from '@bidhall/contracts/envelope';
import { UPLOAD_CHUNK_BYTES } from '@bidhall/contracts';
import { DEMO_PASSWORD, startServerProcess } from '../harness/server-process';

const MiB = 1024 * 1024;

/** Resident memory of a process, from /proc, in bytes. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/**
 * Uploads a `total`-byte bid through the HTTP API of a real server process — encrypted on the fly,
 * sent in 8 MiB requests as the browser does — and returns how far the server's RSS rose above
 * where it stood before the upload, sampled every 50 ms.
 */
export async function uploadRssGrowth(total: number, block: Uint8Array<ArrayBuffer>, key: BidderKey): Promise<{ growthMiB: number; receiptOk: boolean }> {
  const server = await startServerProcess();
  try {
    const post = (path: string, token: string | null, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const login = await (await post('/api/auth/login', null, { username: 'bidder1', password: DEMO_PASSWORD })).json() as { accessToken: string };
    const token = login.accessToken;
    await post('/api/bidder/keys', token, { publicJwk: key.publicJwk, label: 'bench' });
    const sections = (await (await fetch(`${server.url}/api/bidder/registrations`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { sectionId: string }[] };
    const sectionId = sections.items[0]!.sectionId;

    let sent = 0;
    const source = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent >= total) return controller.close();
          controller.enqueue(block);
          sent += block.length;
        },
      },
      { highWaterMark: 0 },
    );
    const envelope = await encryptEnvelope({ recipients: [key.publicJwk], form: { price: '9650000.00', durationDays: 180, quality: '合格', projectManager: '张工' }, fileName: 'bid.pdf', source, size: total });
    const started = (await (await post(`/api/sections/${sectionId}/uploads`, token, { size: envelope.size })).json()) as { uploadId: string };

    const before = await rssOf(server.child.pid!);
    let peak = before;
    const sampler = setInterval(() => {
      void rssOf(server.child.pid!).then((rss) => (peak = Math.max(peak, rss)), () => undefined);
    }, 50);
    try {
      let offset = 0;
      let pending = Buffer.alloc(0);
      const send = async (body: Buffer) => {
        const res = await fetch(`${server.url}/api/uploads/${started.uploadId}?offset=${offset}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(body),
        });
        if (!res.ok) throw new Error(`chunk at ${offset}: ${res.status} ${await res.text()}`);
        offset += body.length;
      };
      for await (const part of envelope.stream) {
        pending = Buffer.concat([pending, part]);
        while (pending.length >= UPLOAD_CHUNK_BYTES) {
          await send(pending.subarray(0, UPLOAD_CHUNK_BYTES));
          pending = pending.subarray(UPLOAD_CHUNK_BYTES);
        }
      }
      if (pending.length > 0) await send(pending);
      const receipt = await post(`/api/uploads/${started.uploadId}/complete`, token);
      return { growthMiB: (peak - before) / MiB, receiptOk: receipt.status === 201 };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await server.cleanup();
  }
}
