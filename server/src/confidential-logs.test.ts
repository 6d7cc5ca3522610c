import type { AddressInfo } from 'node:net';
import { MAX_HEADER_BYTES } from '@bidhall/contracts/envelope';
import { generateBidderKeyPair } from '@bidhall/contracts/envelope';
import { io as connect } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type RunningServer } from './server';
import { bearerFor, createBiddingSection, createTestClock, createTestServices, createTestUser, sealEnvelope, type TestServices } from './testing';

const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
let server: RunningServer;
let url: string;
beforeAll(async () => {
  // The services log at debug level, the most a deployment would switch on.
  s = await createTestServices({ clock });
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close(500);
  await s.close();
});

describe('the logs before the opening', () => {
  it("hold no section, upload or bid id after a bidder's whole activity", async () => {
    const { section, project } = await createBiddingSection(s);
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    const as = bearerFor(s, bidder.user);
    const api = request(server.http);
    const key = await generateBidderKeyPair();
    expect((await api.post('/api/bidder/keys').set(as).send({ publicJwk: key.publicJwk, label: '办公室' })).status).toBe(201);
    expect((await api.put(`/api/sections/${section.id}/registration`).set(as)).status).toBe(200);
    await api.get('/api/bidder/registrations').set(as);
    await api.get(`/api/portal/announcements/${project.id}`);

    const uploadIds: string[] = [];
    const bidIds: string[] = [];
    for (const price of ['9650000.00', '9600000.00']) {
      const bytes = await sealEnvelope([key.publicJwk], { price, durationDays: 180 }, new Uint8Array(5000).fill(3));
      const started = await api.post(`/api/sections/${section.id}/uploads`).set(as).send({ size: bytes.length });
      const uploadId = started.body.uploadId as string;
      uploadIds.push(uploadId);
      await api.get(`/api/uploads/${uploadId}`).set(as);
      // A wrong offset and a wrong range are refusals, logged as such.
      await api.put(`/api/uploads/${uploadId}?offset=7`).set(as).set('content-type', 'application/octet-stream').send(bytes);
      await api.put(`/api/uploads/${uploadId}?offset=0`).set(as).set('content-type', 'application/octet-stream').send(bytes);
      expect((await api.post(`/api/uploads/${uploadId}/complete`).set(as)).status).toBe(201);
      const mine = await api.get(`/api/sections/${section.id}/my-bid`).set(as);
      bidIds.push(mine.body.bid.id as string);
      await api.get(`/api/sections/${section.id}/my-bid/envelope`).set(as).set('range', `bytes=0-${MAX_HEADER_BYTES - 1}`);
      await api.get(`/api/sections/${section.id}/my-bid/envelope`).set(as).set('range', 'bytes=99999999-99999999');
    }
    expect((await api.post(`/api/sections/${section.id}/my-bid/withdraw`).set(as)).status).toBe(201);
    await api.get(`/api/sections/${section.id}/my-bid`).set(as);
    await api.get(`/api/uploads/${uploadIds[0]}`).set(as);

    // The hall before the deadline: join and sign in.
    clock.set(new Date(new Date(section.bidDeadline).getTime() - 10 * 60_000));
    const socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token: bearerFor(s, bidder.user).authorization.slice(7) } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expect((await socket.timeout(5000).emitWithAck('opening:join', { sectionId: section.id, afterSeq: 0 })).ok).toBe(true);
      expect((await socket.timeout(5000).emitWithAck('opening:signIn', { sectionId: section.id })).ok).toBe(true);
    } finally {
      socket.disconnect();
    }

    const logs = s.logs();
    expect(logs).toContain('"route":"/api/sections/:sectionId/my-bid/envelope"');
    expect(logs).toContain('"route":"/api/uploads/:uploadId/complete"');
    expect(logs).toMatch(/"res":\{"status":416\}[^\n]*"route":"\/api\/sections\/:sectionId\/my-bid\/envelope"/);
    for (const id of [section.id, ...uploadIds, ...bidIds]) expect(logs).not.toContain(id);
    // Nor the hash of the bid, which the receipt and the blob's name carry.
    const bids = await s.prisma.bid.findMany();
    for (const bid of bids) expect(logs).not.toContain(bid.sha256);
  });
});
