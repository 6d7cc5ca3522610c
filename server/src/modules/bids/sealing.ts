import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface BidIdentity {
  sectionId: string;
  orgId: string;
}

/**
 * Keeps who bid on what out of the database until the opening. The key lives with the
 * application (environment or data directory), never in the database, so a database
 * administrator sees only opaque tags and ciphertexts — not even how many bids a section has.
 */
export interface Sealer {
  /** The same pair always gives the same tag, so a bidder finds its own rows; without the key nothing links a tag to a name. */
  tag(identity: BidIdentity): string;
  seal(identity: BidIdentity): string;
  unseal(sealed: string): BidIdentity;
  /**
   * The section's bucket (0-255), stored with its bids and sign-ins so the freeze reads one bucket
   * rather than the whole platform; keyed, so that without the key a bucket names no section.
   */
  bucket(sectionId: string): number;
  /** A PostgreSQL advisory lock key for the section's bid deadline, keyed so that a lock names no section either. */
  deadlineLockKey(sectionId: string): bigint;
  /** Seals any secret the database must keep but not be able to read (a bid's content key). */
  sealBytes(secret: Uint8Array): string;
  unsealBytes(sealed: string): Buffer;
}

export function createSealer(masterKey: Buffer): Sealer {
  if (masterKey.length < 32) throw new Error('the sealing key must have at least 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const tagKey = derive('bidhall bid tag v1');
  const encKey = derive('bidhall bid seal v1');
  const sectionKey = derive('bidhall section index v1');
  const sectionMac = (purpose: string, sectionId: string) => createHmac('sha256', sectionKey).update(`${purpose}:${sectionId}`).digest();
  const sealBytes = (secret: Uint8Array) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const body = Buffer.concat([cipher.update(secret), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  };
  const unsealBytes = (sealed: string) => {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  };
  return {
    tag: ({ sectionId, orgId }) => createHmac('sha256', tagKey).update(`${sectionId}:${orgId}`).digest('hex'),
    seal: (identity) => sealBytes(Buffer.from(JSON.stringify({ s: identity.sectionId, o: identity.orgId }), 'utf8')),
    unseal: (sealed) => {
      const { s, o } = JSON.parse(unsealBytes(sealed).toString('utf8')) as { s: string; o: string };
      return { sectionId: s, orgId: o };
    },
    bucket: (sectionId) => sectionMac('bucket', sectionId)[0]!,
    deadlineLockKey: (sectionId) => sectionMac('deadline-lock', sectionId).readBigInt64BE(0),
    sealBytes,
    unsealBytes,
  };
}
