import { type GenericNack, ntpTime, RTP_EXTENSION_URI, RtpHeader, type RTCRtpTransceiver, type RtpPacket } from 'werift';
import type { Outlet, PublishedTrack } from './published-track';

/** What a sender report is built from: fields of werift's RTCRtpSender that its runRtcp reads. */
interface SenderReportFields {
  packetCount: number;
  octetCount: number;
  ntpTimestamp: bigint;
  rtpTimestamp: number;
}

/** Packets kept for NACKs: ~1.5 s of 1.5 Mbit/s video. */
const HISTORY = 512;
/** The NTP / RTP pair of the next sender report is refreshed at most this often. */
const REPORT_CLOCK_MS = 100;

/**
 * A subscriber's copy of a published track. Video is held back until a key frame starts, so a
 * late joiner's decoder begins on a picture it can decode instead of a run of undecodable deltas.
 *
 * Packets go out through the DTLS transport's sendRtp with one RTP header reused for every
 * packet, instead of through RTCRtpSender.sendRtp, which per packet clones the packet, rebuilds
 * the extension list, reads the NTP clock, feeds a bandwidth estimator and chains three promises.
 * What the sender would have kept is kept here: a history for NACKs (answered from onGenericNack)
 * and the counters of its sender reports.
 */
export class SenderOutlet implements Outlet {
  private ready = false;
  private waitingKeyFrame: boolean;
  private discontinuity = false;
  private sentAny = false;
  private readonly header = new RtpHeader();
  private seqOffset = 0;
  private lastSeq = 0;
  private reportClockAt = -Infinity;
  private readonly history: (RtpPacket | undefined)[] = new Array(HISTORY);
  private readonly historySeq = new Uint16Array(HISTORY);

  constructor(
    readonly track: PublishedTrack,
    readonly transceiver: RTCRtpTransceiver,
  ) {
    this.waitingKeyFrame = track.info.kind === 'video';
    transceiver.sender.onGenericNack.subscribe((nack) => this.resend(nack));
  }

  /** The subscriber's answer is applied and its transport is up: start, beginning with a key frame. */
  activate(): void {
    if (this.ready) return;
    const { sender } = this.transceiver;
    if (!sender.codec) return;
    this.ready = true;
    this.header.ssrc = sender.ssrc;
    this.header.payloadType = sender.codec.payloadType;
    const mid = this.transceiver.headerExtensions.find((e) => e.uri === RTP_EXTENSION_URI.sdesMid);
    if (mid && this.transceiver.mid) this.header.extensions = [{ id: mid.id, payload: Buffer.from(this.transceiver.mid) }];
    void sender.runRtcp();
    if (this.waitingKeyFrame) this.track.requestKeyFrame();
  }

  get active(): boolean {
    return this.ready;
  }

  send(rtp: RtpPacket, keyFrameStart: boolean): void {
    if (!this.ready || rtp.payload.length === 0) return;
    if (this.waitingKeyFrame) {
      if (!keyFrameStart) {
        this.track.keyFrameStillNeeded();
        return;
      }
      this.waitingKeyFrame = false;
    }
    const source = rtp.header;
    if (this.discontinuity) {
      this.discontinuity = false;
      // Keep sequence numbers gapless (no NACK storm for packets never sent); timestamps stay on
      // the source's clock, since the pause really lasted that long.
      if (this.sentAny) this.seqOffset = (this.lastSeq + 1 - source.sequenceNumber) & 0xffff;
    }
    const header = this.header;
    header.sequenceNumber = (source.sequenceNumber + this.seqOffset) & 0xffff;
    header.timestamp = source.timestamp;
    header.marker = source.marker;
    this.lastSeq = header.sequenceNumber;
    this.sentAny = true;
    const slot = header.sequenceNumber % HISTORY;
    this.history[slot] = rtp;
    this.historySeq[slot] = header.sequenceNumber;
    const { sender } = this.transceiver;
    void sender.dtlsTransport.sendRtp(rtp.payload, header);
    const report = sender as unknown as SenderReportFields;
    report.packetCount = (report.packetCount + 1) >>> 0;
    report.octetCount += rtp.payload.length;
    const now = performance.now();
    if (now - this.reportClockAt >= REPORT_CLOCK_MS) {
      this.reportClockAt = now;
      report.ntpTimestamp = ntpTime();
      report.rtpTimestamp = header.timestamp;
    }
  }

  private resend(nack: GenericNack): void {
    if (!this.ready) return;
    for (const seq of nack.lost) {
      const slot = seq % HISTORY;
      const rtp = this.history[slot];
      if (!rtp || this.historySeq[slot] !== seq) continue;
      const header = new RtpHeader({
        ssrc: this.header.ssrc,
        payloadType: this.header.payloadType,
        sequenceNumber: seq,
        timestamp: rtp.header.timestamp,
        marker: rtp.header.marker,
        extensions: this.header.extensions,
      });
      void this.transceiver.sender.dtlsTransport.sendRtp(rtp.payload, header);
    }
  }

  pause(): void {
    this.discontinuity = true;
    if (this.track.info.kind === 'video') this.waitingKeyFrame = true;
  }
}
