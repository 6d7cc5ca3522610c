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

describe('blind indexes and sealed values', () => {
  const sealer = createSealer(randomBytes(32));
  const sectionId = '5c0e8f3a-1111-4a4a-8b8b-000000000001';
  const orgId = '5c0e8f3a-2222-4a4a-8b8b-000000000002';

  it('gives one index per purpose and parts, unrelated across purposes, part boundaries and keys', () => {
    const index = sealer.index('registration', sectionId, orgId);
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(sealer.index('registration', sectionId, orgId)).toBe(index);
    expect(sealer.index('registration-of-section', sectionId, orgId)).not.toBe(index);
    expect(sealer.index('registration', `${sectionId}${orgId}`)).not.toBe(index);
    expect(sealer.index('registration-of-section', sectionId, 0)).not.toBe(sealer.index('registration-of-section', sectionId, 1));
    expect(sealer.index('registration', sectionId, orgId)).not.toBe(sealer.tag({ sectionId, orgId }));
    expect(createSealer(randomBytes(32)).index('registration', sectionId, orgId)).not.toBe(index);
  });

  it('round-trips a value only under the purpose it was sealed for', () => {
    const value = { s: sectionId, o: orgId, at: '2026-12-06T10:00:00.000Z' };
    const sealed = sealer.sealValue('registration', value);
    expect(sealed).not.toContain(sectionId);
    expect(sealer.unsealValue('registration', sealed)).toEqual(value);
    expect(() => sealer.unsealValue('document-download', sealed)).toThrow();
    expect(() => sealer.unseal(sealed)).toThrow();
    expect(() => createSealer(randomBytes(32)).unsealValue('registration', sealed)).toThrow();
  });
});
