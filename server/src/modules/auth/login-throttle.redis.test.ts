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
  it('counts failures made on one node when another node checks', async () => {
    const namespace = `test-${randomBytes(4).toString('hex')}`;
    const limits = { accountFailures: 3, ipFailures: 100, windowSeconds: 60, lockSeconds: 60, registrationsPerHour: 10 };
    const [a, b] = [new Redis(REDIS_URL!), new Redis(REDIS_URL!)];
    clients.push(a, b);
    const nodeA = createLoginThrottle({ limits, redis: a, namespace });
    const nodeB = createLoginThrottle({ limits, redis: b, namespace });
    for (let i = 0; i < 3; i++) await nodeA.recordFailure('bidder1', `10.9.0.${i}`);
    await expect(nodeB.check('bidder1', '10.9.1.1')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(nodeB.check('bidder2', '10.9.1.1')).resolves.toBeUndefined();
    await nodeB.recordSuccess('bidder1');
    await expect(nodeA.check('bidder1', '10.9.1.1')).resolves.toBeUndefined();
  });
});
