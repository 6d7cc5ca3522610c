import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webCryptoCipher } from './cipher';
import { decryptWithContentKey, encryptEnvelope, generateBidderKeyPair, inspectEnvelope, unwrapContentKey } from './index';
import { nodeCipher } from './node-cipher';

const collect = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

describe('the node:crypto chunk cipher', () => {
  it('seals and opens exactly as WebCrypto does', async () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const aad = randomBytes(40);
    const plaintext = randomBytes(5000);
    const [web, node] = await Promise.all([webCryptoCipher(key), nodeCipher(key)]);
    const sealed = await web.seal(iv, aad, plaintext);
    expect(Buffer.from(await node.seal(iv, aad, plaintext))).toEqual(Buffer.from(sealed));
    expect(Buffer.from(await node.open(iv, aad, sealed))).toEqual(plaintext);
    const tampered = Uint8Array.from(sealed);
    tampered[10]! ^= 1;
    await expect(node.open(iv, aad, tampered)).rejects.toThrow();
  });

  it('opens envelopes made in the browser and the other way round', async () => {
    const bidder = await generateBidderKeyPair();
    const file = randomBytes(300_000);
    for (const [seal, open] of [
      [webCryptoCipher, nodeCipher],
      [nodeCipher, webCryptoCipher],
    ] as const) {
      const envelope = await encryptEnvelope({ recipients: [bidder.publicJwk], form: { price: '1.00' }, fileName: 'a.pdf', source: new Blob([file]).stream(), size: file.length, chunkSize: 64 * 1024, cipher: seal });
      const bytes = await collect(envelope.stream);
      const contentKey = await unwrapContentKey(inspectEnvelope(bytes), bidder);
      const opened = await decryptWithContentKey({ source: new Blob([bytes]).stream(), contentKey, cipher: open });
      expect(await collect(opened.content)).toEqual(file);
    }
  });
});
