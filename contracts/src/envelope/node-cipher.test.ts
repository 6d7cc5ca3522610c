import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Bytes, concat, fromBase64Url, fromHex } from './bytes';
import { webCryptoCipher } from './cipher';
import { decryptWithContentKey, encryptEnvelope, generateBidderKeyPair, inspectEnvelope, openEnvelope, unwrapContentKey } from './index';
import { nodeCipher } from './node-cipher';
import { failure, readAll, streamOf } from './test-support';
import { bidderKeyFromJwk, buildVectors, type PrivateJwk } from './vectors/build';
import vectors from './vectors/v1.json' with { type: 'json' };

const collect = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
const bytes = (length: number): Bytes => new Uint8Array(randomBytes(length));
/** `data` cut at the given offsets. */
const cut = (data: Bytes, at: number[]): Bytes[] => [0, ...at, data.length].slice(1).map((end, i, ends) => data.subarray(i === 0 ? 0 : ends[i - 1], end));

type KeyName = keyof typeof vectors.keys;
const keyOf = (name: string) => bidderKeyFromJwk(vectors.keys[name as KeyName].privateJwk as PrivateJwk);

describe('the node:crypto chunk cipher', () => {
  it('seals and opens exactly as WebCrypto does, whatever the pieces', async () => {
    const key = bytes(32);
    const iv = bytes(12);
    const aad = bytes(37);
    const plaintext = bytes(5000);
    const [web, node] = await Promise.all([webCryptoCipher(key), nodeCipher(key)]);
    const sealed = concat(...(await web.seal(iv, aad, [plaintext])));
    const body = sealed.subarray(0, 5000);
    const tag = sealed.subarray(5000);
    for (const at of [[], [1], [1024, 1025], [17, 4999]]) {
      expect(concat(...(await node.seal(iv, aad, cut(plaintext, at))))).toEqual(sealed);
      expect(concat(...(await web.seal(iv, aad, cut(plaintext, at))))).toEqual(sealed);
      expect(concat(...(await node.open(iv, aad, cut(body, at), tag)))).toEqual(plaintext);
      expect(concat(...(await web.open(iv, aad, cut(body, at), Uint8Array.from(tag))))).toEqual(plaintext);
    }
    expect(concat(...(await node.open(iv, aad, [], (await node.seal(iv, aad, [])).at(-1)!)))).toEqual(new Uint8Array(0));
    const tampered = Uint8Array.from(body);
    tampered[10]! ^= 1;
    await expect(node.open(iv, aad, [tampered], tag)).rejects.toThrow();
    await expect(node.open(iv, bytes(37), [body], tag)).rejects.toThrow();
  });

  it('opens envelopes made in the browser and the other way round', async () => {
    const bidder = await generateBidderKeyPair();
    const file = randomBytes(300_000);
    for (const [seal, open] of [
      [webCryptoCipher, nodeCipher],
      [nodeCipher, webCryptoCipher],
    ] as const) {
      const envelope = await encryptEnvelope({ recipients: [bidder.publicJwk], form: { price: '1.00' }, fileName: 'a.pdf', source: streamOf(file, [65536, 7, 100_000]), size: file.length, chunkSize: 64 * 1024, cipher: seal });
      const bytes = await collect(envelope.stream);
      const contentKey = await unwrapContentKey(inspectEnvelope(bytes), bidder);
      const opened = await decryptWithContentKey({ source: streamOf(bytes, [65536 + 16, 3, 70_000]), contentKey, cipher: open });
      expect(await collect(opened.content)).toEqual(file);
    }
  });

  describe('against the shared vectors (vectors/v1.json)', () => {
    it('seals every envelope byte for byte', async () => {
      expect(JSON.parse(JSON.stringify(await buildVectors(nodeCipher)))).toEqual(vectors);
    });

    it.each(vectors.envelopes)('opens $name with each recipient key and with the content key, however the bytes arrive', async (vector) => {
      const envelope = fromBase64Url(vector.envelope);
      const file = fromHex(vector.file);
      for (const name of vector.recipients) {
        for (const pieces of [undefined, [1], [97], [300, 5]]) {
          const opened = await openEnvelope({ source: streamOf(envelope, pieces), key: await keyOf(name), cipher: nodeCipher });
          expect(opened.form).toEqual(vector.form);
          expect(opened.fileName).toBe(vector.fileName);
          expect(await readAll(opened.content)).toEqual(file);
        }
      }
      const opened = await decryptWithContentKey({ source: streamOf(envelope, [13]), contentKey: fromHex(vector.random.contentKey), cipher: nodeCipher });
      expect(await readAll(opened.content)).toEqual(file);
    });

    it.each(vectors.tampered)('fails tampered $name with $error', async (vector) => {
      const key = await keyOf(vector.openWith);
      for (const pieces of [undefined, [1], [300]]) {
        const code = await failure(async () => readAll((await openEnvelope({ source: streamOf(fromBase64Url(vector.envelope), pieces), key, cipher: nodeCipher })).content));
        expect(code).toBe(vector.error);
      }
    });
  });
});
