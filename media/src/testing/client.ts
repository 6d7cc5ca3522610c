import {
  MediaStreamTrack,
  PictureLossIndication,
  RTCPeerConnection,
  RTP_EXTENSION_URI,
  RtcpPayloadSpecificFeedback,
  RtcpSrPacket,
  RtcpTransportLayerFeedback,
  GenericNack,
  type RtpPacket,
  type RTCRtpTransceiver,
} from 'werift';
import { peerConfig } from '../config';
import type { TSessionDescription } from '../schemas';
import { isVp8KeyFrameStart } from '../vp8';
import { SyntheticAudio, SyntheticVideo, type SyntheticVideoOptions, sentAt } from './synthetic';

export interface ReceivedTrack {
  kind: 'audio' | 'video';
  mid: string | null;
  packets: number;
  keyFrames: number;
  firstPacketAt: number | undefined;
  firstKeyFrameAt: number | undefined;
  /** End-to-end delays (ms) of packets stamped by SyntheticVideo, when `measureDelay` is set. */
  delaysMs: number[];
  /** Sender reports received, and the packet count the last one stated. */
  senderReports: number;
  reportedPackets: number;
  /** Sequence numbers received, when `recordSequence` is set. */
  sequence: number[];
  /** Packets received again with a sequence number already seen (retransmissions). */
  duplicates: number;
  /** Packets whose MID header extension names another m-line (a browser would misroute them). */
  foreignMid: number;
  /** Sequence numbers seen, to count loss. */
  highestSeq: number | undefined;
  cycles: number;
  baseSeq: number | undefined;
}

export interface ClientOptions {
  /** The synthetic camera: fps, kbit/s, packet size, key-frame interval. */
  video?: SyntheticVideoOptions;
  /** Keep end-to-end delay samples of received video. */
  measureDelay?: boolean;
  /** Announce this audio level (dBov, 0 loudest) on every audio packet. */
  audioLevel?: number;
  /** Remember every sequence number received, to count retransmitted duplicates. */
  recordSequence?: boolean;
}

/**
 * A werift peer standing in for a browser: answers the SFU's offers, sends synthetic VP8 / Opus on
 * the m-lines the SFU receives on, and counts what arrives on the others.
 */
export class TestClient {
  readonly pc: RTCPeerConnection;
  readonly received: ReceivedTrack[] = [];
  readonly video: SyntheticVideo;
  readonly audio = new SyntheticAudio();
  private readonly localTracks = { video: new MediaStreamTrack({ kind: 'video' }), audio: new MediaStreamTrack({ kind: 'audio' }) };
  private readonly attached = new Set<RTCRtpTransceiver>();
  private readonly timers: NodeJS.Timeout[] = [];
  private audioLevelId: number | undefined;
  sending = { video: false, audio: false };

  constructor(private readonly options: ClientOptions = {}) {
    this.video = new SyntheticVideo(options.video);
    this.pc = new RTCPeerConnection(peerConfig({ listenIp: '127.0.0.1', iceServers: [] }));
    this.pc.onTrack.subscribe((track) => this.watch(track));
  }

  async answer(offer: TSessionDescription): Promise<TSessionDescription> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    const serverReceives = new Set(
      offer.sdp
        .split(/\r\nm=/)
        .filter((section) => /^a=recvonly$/m.test(section.replaceAll('\r', '')))
        .map((section) => /^a=mid:(\S+)/m.exec(section.replaceAll('\r', ''))?.[1]),
    );
    for (const transceiver of this.pc.getTransceivers()) {
      if (!serverReceives.has(transceiver.mid ?? undefined) || this.attached.has(transceiver) || transceiver.stopped) continue;
      this.attached.add(transceiver);
      transceiver.setDirection('sendonly');
      const kind = transceiver.kind as 'audio' | 'video';
      await transceiver.sender.replaceTrack(this.localTracks[kind]);
      if (kind === 'video') transceiver.sender.onPictureLossIndication.subscribe(() => this.video.requestKeyFrame());
      if (kind === 'audio') this.audioLevelId = transceiver.headerExtensions.find((e) => e.uri === RTP_EXTENSION_URI.audioLevelIndication)?.id;
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return { type: 'answer', sdp: this.pc.localDescription!.sdp };
  }

  /** Starts the synthetic sources (call after the first answer). */
  startSending(kinds: ('audio' | 'video')[] = ['video']): void {
    if (kinds.includes('video') && !this.sending.video) {
      this.sending.video = true;
      this.timers.push(setInterval(() => this.sendFrame(), 1000 / this.video.fps));
    }
    if (kinds.includes('audio') && !this.sending.audio) {
      this.sending.audio = true;
      this.timers.push(
        setInterval(() => {
          const level = this.options.audioLevel;
          const packet = this.audio.next(level !== undefined && this.audioLevelId !== undefined ? { extensionId: this.audioLevelId, dBov: level } : undefined);
          this.localTracks.audio.writeRtp(packet);
        }, 20),
      );
    }
  }

  sendFrame(): void {
    for (const packet of this.video.nextFrame()) this.localTracks.video.writeRtp(packet);
  }

  private watch(track: MediaStreamTrack): void {
    const transceiver = this.pc.getTransceivers().find((t) => t.receiver.tracks.includes(track));
    const entry: ReceivedTrack = {
      kind: track.kind as 'audio' | 'video',
      mid: transceiver?.mid ?? null,
      packets: 0,
      keyFrames: 0,
      firstPacketAt: undefined,
      firstKeyFrameAt: undefined,
      delaysMs: [],
      foreignMid: 0,
      sequence: [],
      duplicates: 0,
      senderReports: 0,
      reportedPackets: 0,
      highestSeq: undefined,
      cycles: 0,
      baseSeq: undefined,
    };
    this.received.push(entry);
    track.onReceiveRtcp.subscribe((rtcp) => {
      if (rtcp instanceof RtcpSrPacket) {
        entry.senderReports++;
        entry.reportedPackets = rtcp.senderInfo.packetCount;
      }
    });
    track.onReceiveRtp.subscribe((rtp: RtpPacket, extensions) => {
      const now = performance.now();
      entry.packets++;
      const mid = extensions?.[RTP_EXTENSION_URI.sdesMid];
      if (mid !== undefined && mid !== entry.mid) entry.foreignMid++;
      entry.firstPacketAt ??= now;
      const seq = rtp.header.sequenceNumber;
      if (this.options.recordSequence) {
        if (entry.sequence.includes(seq)) entry.duplicates++;
        else entry.sequence.push(seq);
      }
      if (entry.highestSeq === undefined) {
        entry.baseSeq = seq;
        entry.highestSeq = seq;
      } else if (((seq - entry.highestSeq) & 0xffff) < 0x8000 && seq !== entry.highestSeq) {
        if (seq < entry.highestSeq) entry.cycles++;
        entry.highestSeq = seq;
      }
      if (entry.kind === 'video' && isVp8KeyFrameStart(rtp.payload)) {
        entry.keyFrames++;
        entry.firstKeyFrameAt ??= now;
      }
      if (this.options.measureDelay && entry.kind === 'video') {
        const sent = sentAt(rtp.payload);
        if (sent !== undefined) entry.delaysMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    });
  }

  /** Sends a PLI for a received track, as a browser's decoder does when it loses the picture. */
  async sendPli(mid: string): Promise<void> {
    const transceiver = this.pc.getTransceivers().find((t) => t.mid === mid);
    const ssrc = transceiver?.receiver.tracks[0]?.ssrc;
    if (!transceiver || ssrc === undefined) throw new Error(`no received track on mid ${mid}`);
    const pli = new RtcpPayloadSpecificFeedback({ feedback: new PictureLossIndication({ senderSsrc: 0, mediaSsrc: ssrc }) });
    await transceiver.receiver.dtlsTransport.sendRtcp([pli]);
  }

  /** Asks for packets again (RFC 4585 generic NACK), as a receiver that lost them would. */
  async sendNack(mid: string, lost: number[]): Promise<void> {
    const transceiver = this.pc.getTransceivers().find((t) => t.mid === mid);
    const ssrc = transceiver?.receiver.tracks[0]?.ssrc;
    if (!transceiver || ssrc === undefined) throw new Error(`no received track on mid ${mid}`);
    const nack = new RtcpTransportLayerFeedback({ feedback: new GenericNack({ senderSsrc: 0, mediaSourceSsrc: ssrc, lost }) });
    await transceiver.receiver.dtlsTransport.sendRtcp([nack]);
  }

  /** Packets expected from the sequence numbers seen, for a loss ratio. */
  static expected(track: ReceivedTrack): number {
    if (track.highestSeq === undefined || track.baseSeq === undefined) return 0;
    return track.cycles * 0x10000 + track.highestSeq - track.baseSeq + 1;
  }

  stopSending(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.sending = { video: false, audio: false };
  }

  async close(): Promise<void> {
    this.stopSending();
    await this.pc.close();
  }
}
