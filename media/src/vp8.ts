/**
 * Whether an RTP payload starts a VP8 key frame (RFC 7741 §4.2–4.3): the start of partition 0
 * whose frame tag has the inverse key-frame bit clear. Reads bytes in place: it runs per packet.
 */
export function isVp8KeyFrameStart(payload: Uint8Array): boolean {
  if (payload.length < 1) return false;
  const b0 = payload[0]!;
  const start = (b0 & 0x10) !== 0 && (b0 & 0x07) === 0;
  if (!start) return false;
  let offset = 1;
  if (b0 & 0x80) {
    if (payload.length < 2) return false;
    const x = payload[1]!;
    offset = 2;
    if (x & 0x80) offset += payload.length > offset && payload[offset]! & 0x80 ? 2 : 1;
    if (x & 0x40) offset += 1;
    if (x & 0x30) offset += 1;
  }
  if (payload.length <= offset) return false;
  return (payload[offset]! & 0x01) === 0;
}
