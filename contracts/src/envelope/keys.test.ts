import { describe, expect, it } from 'vitest';
import { concat, fromBase64Url, fromHex, toHex } from './bytes';
import { exportPrivateKey, fingerprint, generateBidderKeyPair, importPrivateKey, PBKDF2_MIN_ITERATIONS, parsePublicJwk } from './index';
import { failure } from './test-support';

describe('bidder keys', () => {
  it('fingerprints the SPKI DER of the public key', async () => {
    const key = await generateBidderKeyPair();
    // SubjectPublicKeyInfo for id-ecPublicKey / prime256v1 with an uncompressed point, written out by hand.
    const spki = concat(fromHex('3059301306072a8648ce3d020106082a8648ce3d03010703420004'), fromBase64Url(key.publicJwk.x), fromBase64Url(key.publicJwk.y));
    expect(key.kid).toBe(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', spki))));
    expect(await fingerprint({ ...key.publicJwk, ext: true, key_ops: [] } as never)).toBe(key.kid);
  });

  it('refuses public keys that are not P-256 points', async () => {
    const key = await generateBidderKeyPair();
    expect(await failure(() => fingerprint({ ...key.publicJwk, crv: 'P-384' } as never))).toBe('KEY_INVALID');
    expect(await failure(() => fingerprint({ ...key.publicJwk, y: key.publicJwk.x }))).toBe('KEY_INVALID');
    expect(await failure(async () => parsePublicJwk({ kty: 'RSA', n: 'x', e: 'AQAB' }))).toBe('KEY_INVALID');
  });
});

describe('password-protected key files', () => {
  const password = 'correct horse 电池 staple';

  it('round-trips through JSON, records its iterations and opens to the same key', async () => {
    const key = await generateBidderKeyPair();
    const file = JSON.parse(JSON.stringify(await exportPrivateKey(key, password))) as unknown;
    expect(file).toMatchObject({ kid: key.kid, publicJwk: key.publicJwk, kdf: { name: 'PBKDF2-SHA-256', iterations: PBKDF2_MIN_ITERATIONS } });
    expect(JSON.stringify(file)).not.toContain((await crypto.subtle.exportKey('jwk', key.privateKey)).d);
    const imported = await importPrivateKey(file, password);
    expect(imported.kid).toBe(key.kid);
    const sameSecret = async (a: CryptoKey, b: CryptoKey) =>
      toHex(new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: await crypto.subtle.importKey('jwk', key.publicJwk, { name: 'ECDH', namedCurve: 'P-256' }, true, []) }, a, 256))) ===
      toHex(new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: await crypto.subtle.importKey('jwk', key.publicJwk, { name: 'ECDH', namedCurve: 'P-256' }, true, []) }, b, 256)));
    expect(await sameSecret(key.privateKey, imported.privateKey)).toBe(true);
  });

  it('says BAD_PASSWORD for a wrong password, and accepts the same password typed in another normal form', async () => {
    const key = await generateBidderKeyPair();
    const file = await exportPrivateKey(key, 'Caf\u00e9-password');
    expect(await failure(() => importPrivateKey(file, 'Cafe-password'))).toBe('BAD_PASSWORD');
    expect((await importPrivateKey(file, 'Cafe\u0301-password')).kid).toBe(key.kid);
  });

  it('can import as non-extractable', async () => {
    const key = await generateBidderKeyPair();
    const imported = await importPrivateKey(await exportPrivateKey(key, password), password, { extractable: false });
    expect(imported.privateKey.extractable).toBe(false);
    expect(await failure(() => exportPrivateKey(imported, password))).toBe('INVALID_INPUT');
  });

  it('refuses weak settings and mixed-up files', async () => {
    const [key, other] = [await generateBidderKeyPair(), await generateBidderKeyPair()];
    expect(await failure(() => exportPrivateKey(key, 'short'))).toBe('INVALID_INPUT');
    expect(await failure(() => exportPrivateKey(key, password, { iterations: 100_000 }))).toBe('INVALID_INPUT');
    const file = await exportPrivateKey(key, password);
    const otherFile = await exportPrivateKey(other, password);
    expect(await failure(() => importPrivateKey({ ...file, kdf: { ...file.kdf, iterations: 1000 } }, password))).toBe('KEY_FILE_INVALID');
    expect(await failure(() => importPrivateKey({ ...file, publicJwk: other.publicJwk }, password))).toBe('KEY_FILE_INVALID');
    // The right kid and public key with another file's ciphertext: the associated data no longer matches.
    expect(await failure(() => importPrivateKey({ ...file, encryptedPrivateKey: otherFile.encryptedPrivateKey }, password))).toBe('BAD_PASSWORD');
    expect(await failure(() => importPrivateKey({ format: 'pem' }, password))).toBe('KEY_FILE_INVALID');
    expect(await failure(() => importPrivateKey(null, password))).toBe('KEY_FILE_INVALID');
    expect(fromHex(file.kid)).toHaveLength(32);
  });
});
