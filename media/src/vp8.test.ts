import { expect, it } from 'vitest';
import { SyntheticVideo } from './testing/synthetic';
import { isVp8KeyFrameStart } from './vp8';

it('tells a key frame start from deltas, continuations and extended descriptors', () => {
  const video = new SyntheticVideo({ keyFrameInterval: 2 });
  const key = video.nextFrame();
  const delta = video.nextFrame();
  expect(isVp8KeyFrameStart(key[0]!.payload)).toBe(true);
  expect(key.slice(1).some((p) => isVp8KeyFrameStart(p.payload))).toBe(false);
  expect(isVp8KeyFrameStart(delta[0]!.payload)).toBe(false);
  // X=1 with a 15-bit picture id (I, M), TL0PICIDX (L) and TID/KEYIDX (T): five descriptor bytes.
  const extended = Buffer.from([0x90, 0xe0, 0x80, 0x01, 0x05, 0x00, 0x10, 0x9d, 0x01, 0x2a]);
  expect(isVp8KeyFrameStart(extended)).toBe(true);
  extended[6] = 0x11;
  expect(isVp8KeyFrameStart(extended)).toBe(false);
  expect(isVp8KeyFrameStart(Buffer.alloc(0))).toBe(false);
  expect(isVp8KeyFrameStart(Buffer.from([0x90]))).toBe(false);
});
