import { describe, expect, it } from 'vitest';
import { fromBase64Url, fromHex, toHex } from './bytes';
import { decryptWithContentKey, expectedEnvelopeSize, fingerprint, importPrivateKey, inspectEnvelope, openEnvelope, unwrapContentKey } from './index';
import { failure, readAll, streamOf } from './test-support';
import { bidderKeyFromJwk, buildVectors, type PrivateJwk } from './vectors/build';
import vectors from './vectors/v1.json' with { type: 'json' };

type KeyName = keyof typeof vectors.keys;
const keyOf = (name: string) => bidderKeyFromJwk(vectors.keys[name as KeyName].privateJwk as PrivateJwk);

describe('shared test vectors (vectors/v1.json)', () => {
  it('are exactly what generate.ts produces, so the format has not drifted', async () => {
    expect(JSON.parse(JSON.stringify(await buildVectors()))).toEqual(vectors);
  });

  it('name each key by the fingerprint of its public half', async () => {
    for (const key of Object.values(vectors.keys)) {
      expect(await fingerprint(key.publicJwk as never)).toBe(key.kid);
      expect((await bidderKeyFromJwk(key.privateJwk as PrivateJwk)).kid).toBe(key.kid);
    }
  });

  it('open the key file with its password and refuse another', async () => {
    expect((await importPrivateKey(vectors.keyFile.file, vectors.keyFile.password)).kid).toBe(vectors.keys.bidder.kid);
    expect(await failure(() => importPrivateKey(vectors.keyFile.file, `${vectors.keyFile.password}!`))).toBe('BAD_PASSWORD');
  });

  describe.each(vectors.envelopes)('envelope $name', (vector) => {
    const envelope = fromBase64Url(vector.envelope);
    const file = fromHex(vector.file);

    it('has the header its inputs imply', () => {
      const header = inspectEnvelope(envelope);
      expect(header.chunkSize).toBe(vector.chunkSize);
      expect(toHex(header.noncePrefix)).toBe(vector.random.noncePrefix);
      expect(header.recipients.map((r) => r.kid)).toEqual(vector.recipients.map((name) => vectors.keys[name as KeyName].kid));
      expect(expectedEnvelopeSize(header)).toBe(envelope.length);
    });

    it.each(vector.recipients)('opens with the %s key', async (name) => {
      const key = await keyOf(name);
      expect(toHex(await unwrapContentKey(inspectEnvelope(envelope), key))).toBe(vector.random.contentKey);
      const opened = await openEnvelope({ source: streamOf(envelope, [97]), key });
      expect(opened.form).toEqual(vector.form);
      expect(opened.fileName).toBe(vector.fileName);
      expect(await readAll(opened.content)).toEqual(file);
    });

    it('opens with the content key', async () => {
      const opened = await decryptWithContentKey({ source: streamOf(envelope), contentKey: fromHex(vector.random.contentKey) });
      expect(await readAll(opened.content)).toEqual(file);
    });
  });

  it.each(vectors.tampered)('tampered $name fails with $error', async (vector) => {
    const key = await keyOf(vector.openWith);
    const code = await failure(async () => readAll((await openEnvelope({ source: streamOf(fromBase64Url(vector.envelope), [300]), key })).content));
    expect(code).toBe(vector.error);
  });
});
