import type { MediaStreamTrack, RtpPacket } from 'werift';
import type { TTrackInfo } from '../schemas';
import { isVp8KeyFrameStart } from '../vp8';
import type { DelayHistogram } from './delay-histogram';

/** Where a forwarded packet goes: a subscriber's sender, or a pipe to another worker. */
export interface Outlet {
  /** keyFrameStart: the packet begins a VP8 key frame (always false for audio). */
  send(rtp: RtpPacket, keyFrameStart: boolean): void;
  /** The source paused (mute) and will resume from a key frame. */
  pause(): void;
}

/** Key-frame requests upstream are spaced so a burst of joins costs the publisher one key frame. */
const MIN_KEY_FRAME_INTERVAL_MS = 300;

/**
 * One published track and its fan-out: every RTP packet from the source is handed to each outlet
 * in turn, synchronously, so the per-packet path allocates nothing of its own.
 */
export class PublishedTrack {
  private outletList: Outlet[] = [];
  private source: MediaStreamTrack | undefined;
  private unsubscribeSource: (() => void) | undefined;
  private lastKeyFrameRequest = -Infinity;
  private deferredRequest: NodeJS.Timeout | undefined;
  /** performance.now() of the first packet; undefined until media flows. */
  firstPacketAt: number | undefined;
  packetsIn = 0;
  /** Last audio level seen (-dBov, 0 loudest, 127 silence), for the active-speaker detector. */
  audioLevelSum = 0;
  audioLevelCount = 0;

  constructor(
    readonly info: TTrackInfo,
    /** Asks the publisher (or the origin worker, for a relayed track) for a key frame. */
    private readonly sendKeyFrameRequest: () => void,
    private readonly onFirstPacket: (track: PublishedTrack) => void,
    private readonly delays: DelayHistogram | undefined,
    private readonly audioLevelExtension: string | undefined,
  ) {}

  get live(): boolean {
    return this.firstPacketAt !== undefined;
  }

  get outlets(): readonly Outlet[] {
    return this.outletList;
  }

  get sourceTrack(): MediaStreamTrack | undefined {
    return this.source;
  }

  attachSource(track: MediaStreamTrack): void {
    this.detachSource();
    this.source = track;
    const { unSubscribe } = track.onReceiveRtp.subscribe((rtp, extensions) => {
      if (this.audioLevelExtension !== undefined && extensions) {
        const level = extensions[this.audioLevelExtension] as { level: number } | undefined;
        if (level) {
          this.audioLevelSum += level.level;
          this.audioLevelCount++;
        }
      }
      this.forward(rtp);
    });
    this.unsubscribeSource = unSubscribe;
  }

  /** Entry for sources that are not werift tracks (a pipe from another worker). */
  forward(rtp: RtpPacket): void {
    const started = this.delays ? performance.now() : 0;
    this.packetsIn++;
    if (this.firstPacketAt === undefined) {
      this.firstPacketAt = performance.now();
      this.onFirstPacket(this);
    }
    if (this.info.muted) return;
    // The publisher's header extensions carry ids and values of its own m-line (its MID above
    // all); werift's sender keeps any it does not write itself, so left here they would tell a
    // browser to route the packet to the publisher's MID instead of its own.
    if (rtp.header.extensions.length > 0) {
      rtp.header.extensions = [];
      rtp.header.extension = false;
    }
    const keyFrameStart = this.info.kind === 'video' && isVp8KeyFrameStart(rtp.payload);
    const outlets = this.outletList;
    for (let i = 0; i < outlets.length; i++) outlets[i]!.send(rtp, keyFrameStart);
    if (this.delays && outlets.length > 0) this.delays.record(performance.now() - started);
  }

  addOutlet(outlet: Outlet): void {
    if (!this.outletList.includes(outlet)) this.outletList = [...this.outletList, outlet];
  }

  removeOutlet(outlet: Outlet): void {
    this.outletList = this.outletList.filter((o) => o !== outlet);
  }

  setMuted(muted: boolean): void {
    if (this.info.muted === muted) return;
    this.info.muted = muted;
    if (muted) for (const outlet of this.outletList) outlet.pause();
    else this.requestKeyFrame();
  }

  /** Throttled: at most one request per interval, and a request inside the interval is deferred, never lost. */
  requestKeyFrame(): void {
    if (this.info.kind !== 'video') return;
    const now = performance.now();
    const wait = this.lastKeyFrameRequest + MIN_KEY_FRAME_INTERVAL_MS - now;
    if (wait <= 0) {
      this.lastKeyFrameRequest = now;
      this.sendKeyFrameRequest();
      return;
    }
    this.deferredRequest ??= setTimeout(() => {
      this.deferredRequest = undefined;
      this.requestKeyFrame();
    }, wait);
  }

  /** Called by an outlet still waiting for a key frame: repeat the request in case the first was lost. */
  keyFrameStillNeeded(): void {
    if (performance.now() - this.lastKeyFrameRequest > 1000) this.requestKeyFrame();
  }

  detachSource(): void {
    this.unsubscribeSource?.();
    this.unsubscribeSource = undefined;
    this.source = undefined;
  }

  close(): void {
    this.detachSource();
    clearTimeout(this.deferredRequest);
    this.deferredRequest = undefined;
    this.outletList = [];
  }
}
