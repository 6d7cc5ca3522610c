import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../../testing';
import { createLoginThrottle } from './login-throttle';

const REDIS_URL = process.env.REDIS_URL;
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

describe.runIf(serviceAvailable('REDIS_URL', REDIS_URL))('login throttle across API nodes (Redis)', () => {
  const limits = { accountFailures: 3, ipFailures: 100, windowSeconds: 60, lockSeconds: 60, registrationsPerHour: 10 };
  const twoNodes = () => {
    const namespace = `test-${randomBytes(4).toString('hex')}`;
    const [a, b] = [new Redis(REDIS_URL!), new Redis(REDIS_URL!)];
    clients.push(a, b);
    return [createLoginThrottle({ limits, redis: a, namespace }), createLoginThrottle({ limits, redis: b, namespace })] as const;
  };

  it('counts failures made on one node when another node reserves, and a success clears them', async () => {
    const [nodeA, nodeB] = twoNodes();
    for (let i = 0; i < 3; i++) await nodeA.reserve('bidder1', `10.9.0.${i}`);
    await expect(nodeB.reserve('bidder1', '10.9.1.1')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const other = await nodeB.reserve('bidder2', '10.9.1.1');
    await other.succeeded();
    await expect(nodeA.reserve('bidder2', '10.9.1.1')).resolves.toBeDefined();
  });

  it('lets no more than the limit of parallel guesses through, whichever node they reach', async () => {
    const [nodeA, nodeB] = twoNodes();
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => (i % 2 ? nodeA : nodeB).reserve('target', `10.9.2.${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(limits.accountFailures);
    expect(new Set(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : [])))).toEqual(new Set(['ACCOUNT_LOCKED']));
  });
});
