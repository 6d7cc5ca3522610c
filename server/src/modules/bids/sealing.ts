import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface BidIdentity {
  sectionId: string;
  orgId: string;
}

/**
 * What a blind index is for. Each purpose has its own key, so an index made for one purpose
 * cannot be matched against another's (a registration's tag says nothing about a bid's).
 */
export type IndexPurpose = 'registration' | 'registration-of-section' | 'registration-of-bidder' | 'registration-lock' | 'notification-read' | 'section-bucket' | 'deadline-lock';

/** What a sealed value is; authenticated with it, so a value sealed as one kind cannot be passed off as another. */
export type SealPurpose = 'registration' | 'document-download' | 'question-asker';

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
  /** Seals any secret the database must keep but not be able to read (a bid's content key). */
  sealBytes(secret: Uint8Array): string;
  unsealBytes(sealed: string): Buffer;
  /** A keyed HMAC (hex) of the parts: equal parts give equal indexes, and nothing links an index to its parts without the key. */
  index(purpose: IndexPurpose, ...parts: (string | number)[]): string;
  /**
   * The section's bucket (0-255), stored with its bids and sign-ins so the freeze reads one bucket
   * rather than the whole platform; keyed, so that without the key a bucket names no section.
   */
  bucket(sectionId: string): number;
  /** A PostgreSQL advisory lock key for the section's bid deadline, keyed so that a lock names no section either. */
  deadlineLockKey(sectionId: string): bigint;
  /** Seals a JSON value, with its purpose authenticated alongside. */
  sealValue(purpose: SealPurpose, value: unknown): string;
  /** Opens a value sealed with the same purpose; throws when it was sealed for another, tampered with or sealed under another key. */
  unsealValue<T>(purpose: SealPurpose, sealed: string): T;
}

export function createSealer(masterKey: Buffer): Sealer {
  if (masterKey.length < 32) throw new Error('the sealing key must have at least 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const tagKey = derive('bidhall bid tag v1');
  const encKey = derive('bidhall bid seal v1');
  const indexKeys = new Map<IndexPurpose, Buffer>();
  const indexKey = (purpose: IndexPurpose) => {
    let key = indexKeys.get(purpose);
    if (!key) indexKeys.set(purpose, (key = derive(`bidhall index ${purpose} v1`)));
    return key;
  };
  const encrypt = (secret: Uint8Array, aad?: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(secret), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  };
  const decrypt = (sealed: string, aad?: string) => {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  };
  const sealBytes = (secret: Uint8Array) => encrypt(secret);
  const index: Sealer['index'] = (purpose, ...parts) => createHmac('sha256', indexKey(purpose)).update(JSON.stringify(parts)).digest('hex');
  return {
    tag: ({ sectionId, orgId }) => createHmac('sha256', tagKey).update(`${sectionId}:${orgId}`).digest('hex'),
    seal: (identity) => sealBytes(Buffer.from(JSON.stringify({ s: identity.sectionId, o: identity.orgId }), 'utf8')),
    unseal: (sealed) => {
      const { s, o } = JSON.parse(decrypt(sealed).toString('utf8')) as { s: string; o: string };
      return { sectionId: s, orgId: o };
    },
    sealBytes,
    unsealBytes: (sealed) => decrypt(sealed),
    index,
    bucket: (sectionId) => Number.parseInt(index('section-bucket', sectionId).slice(0, 2), 16),
    deadlineLockKey: (sectionId) => BigInt.asIntN(64, BigInt(`0x${index('deadline-lock', sectionId).slice(0, 16)}`)),
    sealValue: (purpose, value) => encrypt(Buffer.from(JSON.stringify(value), 'utf8'), `bidhall ${purpose}`),
    unsealValue: <T>(purpose: SealPurpose, sealed: string) => JSON.parse(decrypt(sealed, `bidhall ${purpose}`).toString('utf8')) as T,
  };
}
