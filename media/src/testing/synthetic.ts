import { RtpHeader, RtpPacket } from 'werift';

export interface SyntheticVideoOptions {
  /** Frames per second. */
  fps?: number;
  /** Target bitrate of the VP8 payload, in kbit/s. */
  kbps?: number;
  /** Bytes of payload per RTP packet. */
  packetBytes?: number;
  /** Frames between unrequested key frames; 0 means only the first frame and requested ones. */
  keyFrameInterval?: number;
}

/**
 * Minimal, structurally valid VP8 RTP payloads (RFC 7741 descriptor + RFC 6386 frame tag, and the
 * key-frame start code with a 640×360 size) filled to a target bitrate: enough for an SFU's
 * key-frame logic and a WebM muxer, though no decoder would show a picture. No encoder is
 * available here (no ffmpeg or GStreamer), so this stands in for a camera.
 * Bytes 16–23 of every first packet of a frame and every other packet hold the send time
 * (process.hrtime, ns) so a receiver in another process can measure end-to-end delay.
 */
export class SyntheticVideo {
  readonly fps: number;
  private readonly packetsPerFrame: number;
  private readonly packetBytes: number;
  private readonly keyFrameInterval: number;
  private sequenceNumber = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);
  private frames = 0;
  private keyFrameWanted = true;
  keyFramesSent = 0;

  constructor(options: SyntheticVideoOptions = {}) {
    this.fps = options.fps ?? 30;
    this.packetBytes = options.packetBytes ?? 1100;
    const frameBytes = ((options.kbps ?? 1500) * 1000) / 8 / this.fps;
    this.packetsPerFrame = Math.max(1, Math.round(frameBytes / this.packetBytes));
    this.keyFrameInterval = options.keyFrameInterval ?? 0;
  }

  requestKeyFrame(): void {
    this.keyFrameWanted = true;
  }

  /** RTP packets per second this source sends. */
  get packetsPerSecond(): number {
    return this.packetsPerFrame * this.fps;
  }

  /** The RTP packets of the next frame. */
  nextFrame(): RtpPacket[] {
    const key = this.keyFrameWanted || (this.keyFrameInterval > 0 && this.frames % this.keyFrameInterval === 0);
    this.keyFrameWanted = false;
    if (key) this.keyFramesSent++;
    this.frames++;
    const now = process.hrtime.bigint();
    const packets: RtpPacket[] = [];
    for (let i = 0; i < this.packetsPerFrame; i++) {
      const payload = Buffer.alloc(this.packetBytes, 0x5a);
      payload[0] = i === 0 ? 0x10 : 0x00;
      if (i === 0) {
        const partitionSize = this.packetBytes - 4;
        // Frame tag: bit 0 inverse key-frame flag, bits 1-3 version 0, bit 4 show_frame, then size.
        const tag = (key ? 0 : 1) | 0x10 | (partitionSize << 5);
        payload[1] = tag & 0xff;
        payload[2] = (tag >> 8) & 0xff;
        payload[3] = (tag >> 16) & 0xff;
        if (key) {
          payload.set([0x9d, 0x01, 0x2a], 4);
          payload.writeUInt16LE(640, 7);
          payload.writeUInt16LE(360, 9);
        }
      }
      payload.writeBigUInt64BE(now, 16);
      const header = new RtpHeader({
        payloadType: 96,
        sequenceNumber: this.sequenceNumber,
        timestamp: this.timestamp,
        marker: i === this.packetsPerFrame - 1,
      });
      this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
      packets.push(new RtpPacket(header, payload));
    }
    this.timestamp = (this.timestamp + Math.round(90_000 / this.fps)) >>> 0;
    return packets;
  }
}

/** 20 ms Opus packets carrying a silence frame, with an optional audio level (RFC 6464) to announce. */
export class SyntheticAudio {
  private sequenceNumber = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);

  next(level?: { extensionId: number; dBov: number }): RtpPacket {
    const header = new RtpHeader({ payloadType: 111, sequenceNumber: this.sequenceNumber, timestamp: this.timestamp, marker: false });
    if (level) {
      header.extension = true;
      header.extensions = [{ id: level.extensionId, payload: Buffer.from([0x80 | Math.min(127, Math.max(0, -level.dBov))]) }];
    }
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + 960) >>> 0;
    return new RtpPacket(header, Buffer.from([0xf8, 0xff, 0xfe]));
  }
}

/** The send time written by SyntheticVideo, in ns of process.hrtime; undefined for a short payload. */
export const sentAt = (payload: Buffer): bigint | undefined => (payload.length >= 24 ? payload.readBigUInt64BE(16) : undefined);
