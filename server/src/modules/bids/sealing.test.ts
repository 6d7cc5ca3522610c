import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer } from './sealing';

describe('sealed bid identities', () => {
  const sealer = createSealer(randomBytes(32));
  const identity = { sectionId: '5c0e8f3a-1111-4a4a-8b8b-000000000001', orgId: '5c0e8f3a-2222-4a4a-8b8b-000000000002' };

  it('round-trips and never shows the ids in what it stores', () => {
    const sealed = sealer.seal(identity);
    expect(sealer.unseal(sealed)).toEqual(identity);
    const stored = `${sealed} ${sealer.tag(identity)}`;
    expect(stored).not.toContain(identity.sectionId);
    expect(stored).not.toContain(identity.orgId);
  });

  it('gives one tag per pair, different across pairs and across keys', () => {
    expect(sealer.tag(identity)).toBe(sealer.tag({ ...identity }));
    expect(sealer.tag(identity)).not.toBe(sealer.tag({ ...identity, orgId: identity.sectionId }));
    expect(createSealer(randomBytes(32)).tag(identity)).not.toBe(sealer.tag(identity));
    expect(sealer.seal(identity)).not.toBe(sealer.seal(identity));
  });

  it('refuses a tampered seal and a seal made under another key', () => {
    const sealed = Buffer.from(sealer.seal(identity), 'base64url');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => sealer.unseal(sealed.toString('base64url'))).toThrow();
    expect(() => createSealer(randomBytes(32)).unseal(sealer.seal(identity))).toThrow();
    expect(() => createSealer(randomBytes(16))).toThrow(/32 bytes/);
  });
});
