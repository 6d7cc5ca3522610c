import { concat } from './bytes';
import { encryptEnvelope, type EncryptOptions } from './encrypt';
import { EnvelopeError, type EnvelopeErrorCode } from './errors';

/** A stream of `bytes` cut into pieces of the given sizes (cycled), as a file reader might deliver them. */
export function streamOf(bytes: Uint8Array, pieceSizes: number[] = [bytes.length || 1]): ReadableStream<Uint8Array> {
  let at = 0;
  let turn = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = Math.max(1, pieceSizes[turn++ % pieceSizes.length]!);
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return concat(...parts);
}

export const randomBytes = (length: number): Uint8Array => {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 65536) crypto.getRandomValues(out.subarray(at, at + 65536));
  return out;
};

export async function seal(file: Uint8Array, options: Omit<EncryptOptions, 'source' | 'size' | 'form' | 'fileName'> & Partial<EncryptOptions>): Promise<Uint8Array> {
  const envelope = await encryptEnvelope({ form: { price: '100.00' }, fileName: 'bid.pdf', source: streamOf(file), size: file.length, ...options });
  return readAll(envelope.stream);
}

/** The code of the EnvelopeError `work` fails with. */
export async function failure(work: () => Promise<unknown>): Promise<EnvelopeErrorCode> {
  try {
    await work();
  } catch (error) {
    if (error instanceof EnvelopeError) return error.code;
    throw error;
  }
  throw new Error('expected an EnvelopeError, but the operation succeeded');
}
