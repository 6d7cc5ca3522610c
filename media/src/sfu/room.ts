import { randomBytes } from 'node:crypto';
import {
  type MediaStreamTrack,
  type PeerConfig,
  PictureLossIndication,
  ReceiverEstimatedMaxBitrate,
  type RTCRtpTransceiver,
  RTP_EXTENSION_URI,
  RtcpPayloadSpecificFeedback,
} from 'werift';
import type { TRoomLimits, TTimeouts } from '../config';
import { type LeaveReason, MediaError, MediaErrorCode } from '../errors';
import type { MediaEvents } from '../events';
import { RoomRecorder } from '../recording';
import type { MediaKind, RoomKind, TJoinResult, TSessionDescription, TTrackInfo } from '../schemas';
import type { DelayHistogram } from './delay-histogram';
import { Participant, type ParticipantHost } from './participant';
import { PublishedTrack, type Outlet } from './published-track';

/** What a room needs from the SFU that holds it. */
export interface RoomHost {
  readonly peerConfig: Partial<PeerConfig>;
  readonly timeouts: TTimeouts;
  readonly recordingDir: string | undefined;
  readonly delays: DelayHistogram | undefined;
  readonly iceServers: TJoinResult['iceServers'];
  emit<E extends keyof MediaEvents>(event: E, ...args: MediaEvents[E]): void;
  trackOpened(trackId: string, roomId: string): void;
  trackClosed(trackId: string): void;
  roomOf(trackId: string): string | undefined;
}

export interface JoinOptions {
  participantId: string;
  role: Participant['role'];
  publish: MediaKind[] | undefined;
  autoSubscribe: boolean;
  displayName: string | undefined;
}

const SPEAKER_WINDOW_MS = 500;

/**
 * PLI with sender SSRC 0, as mediasoup sends it: werift routes feedback by sender SSRC before media
 * SSRC, so a werift publisher would hand a PLI carrying our receiver's SSRC to its own receiver.
 */
const sendPli = (transceiver: RTCRtpTransceiver, mediaSsrc: number): void => {
  const packet = new RtcpPayloadSpecificFeedback({ feedback: new PictureLossIndication({ senderSsrc: 0, mediaSsrc }) });
  void transceiver.receiver.dtlsTransport?.sendRtcp([packet]).catch(() => undefined);
};
/** -dBov below which a window counts as speech (RFC 6464 levels: 0 loudest, 127 silence). */
const SPEECH_LEVEL = 50;

export class Room implements ParticipantHost {
  readonly participants = new Map<string, Participant>();
  readonly tracks = new Map<string, PublishedTrack>();
  private readonly autoSubscribers = new Set<string>();
  private readonly recorder: RoomRecorder | undefined;
  private readonly ticker: NodeJS.Timeout;
  private speaker: string | null = null;
  private closed = false;

  constructor(
    private readonly host: RoomHost,
    readonly id: string,
    readonly kind: RoomKind,
    readonly limits: TRoomLimits,
    record: boolean,
  ) {
    this.recorder =
      record && host.recordingDir ? new RoomRecorder(host.recordingDir, id, (entry) => host.emit('recordingFinished', entry)) : undefined;
    this.ticker = setInterval(() => this.tick(), SPEAKER_WINDOW_MS);
  }

  get peerConfig(): Partial<PeerConfig> {
    return this.host.peerConfig;
  }

  get timeouts(): TTimeouts {
    return this.host.timeouts;
  }

  get recording(): boolean {
    return this.recorder !== undefined;
  }

  participant(participantId: string): Participant {
    const participant = this.participants.get(participantId);
    if (!participant) throw MediaError.participantNotFound(this.id, participantId);
    return participant;
  }

  async join(options: JoinOptions): Promise<TJoinResult> {
    if (this.participants.has(options.participantId)) {
      throw new MediaError(MediaErrorCode.ALREADY_JOINED, `participant ${options.participantId} is already in room ${this.id}`, {
        roomId: this.id,
        participantId: options.participantId,
      });
    }
    if (this.participants.size >= this.limits.maxParticipants) {
      throw new MediaError(MediaErrorCode.ROOM_FULL, `room ${this.id} is full`, { roomId: this.id });
    }
    if (options.publish?.length && options.role === 'subscriber') {
      throw new MediaError(MediaErrorCode.ROLE_FORBIDS, 'a subscriber cannot publish', { roomId: this.id });
    }
    const participant = new Participant(this, options.participantId, options.role, options.displayName);
    this.participants.set(participant.id, participant);
    try {
      const published = options.publish?.length ? this.addPublications(participant, options.publish) : [];
      if (options.autoSubscribe && participant.canSubscribe) {
        this.autoSubscribers.add(participant.id);
        for (const track of this.tracks.values()) {
          if (track.live && track.info.participantId !== participant.id) participant.subscribe(track);
        }
      }
      const offer = await participant.initialOffer();
      const tracks = [...this.tracks.values()].filter((t) => t.live && t.info.participantId !== participant.id).map((t) => ({ ...t.info }));
      return { offer, iceServers: this.host.iceServers, published, tracks };
    } catch (error) {
      await this.remove(participant, 'left');
      throw error;
    }
  }

  publish(participantId: string, kinds: MediaKind[]): TTrackInfo[] {
    const participant = this.participant(participantId);
    if (!participant.canPublish) throw new MediaError(MediaErrorCode.ROLE_FORBIDS, 'a subscriber cannot publish', { roomId: this.id, participantId });
    const published = this.addPublications(participant, kinds);
    participant.scheduleOffer();
    return published;
  }

  private addPublications(participant: Participant, kinds: MediaKind[]): TTrackInfo[] {
    const publishers = [...this.participants.values()].filter((p) => p.published.size > 0 && p !== participant).length;
    if (participant.published.size === 0 && publishers >= this.limits.maxPublishers) {
      throw new MediaError(MediaErrorCode.ROOM_FULL, `room ${this.id} already has ${publishers} publishers`, { roomId: this.id });
    }
    const tracks = kinds.map((kind) => {
      const info: TTrackInfo = {
        trackId: `t-${randomBytes(8).toString('hex')}`,
        roomId: this.id,
        participantId: participant.id,
        ...(participant.displayName === undefined ? {} : { displayName: participant.displayName }),
        kind,
        muted: false,
      };
      const track: PublishedTrack = new PublishedTrack(
        info,
        () => {
          const transceiver = participant.publishTransceivers.get(info.trackId);
          const ssrc = track.sourceTrack?.ssrc;
          if (transceiver && ssrc !== undefined) sendPli(transceiver, ssrc);
        },
        (t) => this.trackLive(t),
        this.host.delays,
        kind === 'audio' ? RTP_EXTENSION_URI.audioLevelIndication : undefined,
      );
      participant.addPublishTransceiver(kind, track);
      this.tracks.set(info.trackId, track);
      this.host.trackOpened(info.trackId, this.id);
      participant.timers.set(`first-media:${info.trackId}`, this.host.timeouts.firstMediaMs, () => this.noMedia(participant, track));
      return track;
    });
    this.recorder?.addGroup(participant.id, participant.displayName, tracks);
    return tracks.map((t) => ({ ...t.info }));
  }

  remoteTrack(participant: Participant, transceiver: RTCRtpTransceiver, remote: MediaStreamTrack): void {
    for (const [trackId, t] of participant.publishTransceivers) {
      if (t === transceiver) participant.published.get(trackId)?.attachSource(remote);
    }
  }

  /** The first packet of a track: now it is worth telling anyone about. */
  private trackLive(track: PublishedTrack): void {
    const owner = this.participants.get(track.info.participantId);
    owner?.timers.clear(`first-media:${track.info.trackId}`);
    this.host.emit('trackPublished', { ...track.info });
    for (const id of this.autoSubscribers) {
      const participant = this.participants.get(id);
      if (participant && id !== track.info.participantId) participant.subscribe(track);
    }
    this.recorder?.trackLive(track);
  }

  private noMedia(participant: Participant, track: PublishedTrack): void {
    this.withdrawTrack(participant, track, 'no-media');
  }

  unpublish(participantId: string, trackId: string): void {
    const participant = this.participant(participantId);
    const track = participant.published.get(trackId);
    if (!track) throw this.trackError(trackId, MediaErrorCode.NOT_TRACK_OWNER);
    this.withdrawTrack(participant, track, 'unpublished');
  }

  private withdrawTrack(participant: Participant, track: PublishedTrack, reason: 'unpublished' | 'no-media' | 'left'): void {
    const { trackId } = track.info;
    for (const other of this.participants.values()) other.unsubscribe(trackId);
    void this.recorder?.trackGone(track);
    if (reason !== 'left') participant.withdraw(trackId);
    track.close();
    this.tracks.delete(trackId);
    this.host.trackClosed(trackId);
    this.host.emit('trackUnpublished', {
      roomId: this.id,
      participantId: participant.id,
      trackId,
      reason,
      ...(reason === 'no-media' ? { code: MediaErrorCode.NO_MEDIA } : {}),
    });
  }

  subscribe(participantId: string, trackId: string): void {
    const participant = this.participant(participantId);
    if (!participant.canSubscribe) throw new MediaError(MediaErrorCode.ROLE_FORBIDS, 'a publisher-only participant cannot subscribe', { roomId: this.id, participantId });
    const track = this.tracks.get(trackId);
    if (!track || !track.live) throw this.trackError(trackId, MediaErrorCode.TRACK_NOT_FOUND);
    participant.subscribe(track);
  }

  unsubscribe(participantId: string, trackId: string): void {
    const participant = this.participant(participantId);
    if (!participant.subscriptions.has(trackId)) throw this.trackError(trackId, MediaErrorCode.TRACK_NOT_FOUND);
    participant.unsubscribe(trackId);
  }

  setMuted(participantId: string, trackId: string, muted: boolean): void {
    const participant = this.participant(participantId);
    const track = participant.published.get(trackId);
    if (!track) throw this.trackError(trackId, MediaErrorCode.NOT_TRACK_OWNER);
    if (track.info.muted === muted) return;
    track.setMuted(muted);
    this.host.emit('trackMuted', { roomId: this.id, participantId, trackId, muted });
  }

  requestKeyFrame(participantId: string, trackId: string): void {
    const participant = this.participant(participantId);
    const outlet = participant.subscriptions.get(trackId);
    const track = outlet?.track ?? participant.published.get(trackId);
    if (!track) throw this.trackError(trackId, MediaErrorCode.TRACK_NOT_FOUND);
    track.requestKeyFrame();
  }

  /** The error for a track id this participant cannot use here: unknown, or in another room. */
  private trackError(trackId: string, code: MediaErrorCode): MediaError {
    const elsewhere = this.host.roomOf(trackId);
    if (elsewhere !== undefined && elsewhere !== this.id) {
      return new MediaError(MediaErrorCode.TRACK_IN_OTHER_ROOM, `track ${trackId} belongs to another room`, { roomId: this.id, trackId });
    }
    return new MediaError(code, `track ${trackId} is not available to this participant`, { roomId: this.id, trackId });
  }

  offerReady(participant: Participant, offer: TSessionDescription): void {
    this.host.emit('negotiationneeded', { roomId: this.id, participantId: participant.id, offer });
  }

  evict(participant: Participant, reason: LeaveReason, code?: MediaErrorCode): void {
    void this.remove(participant, reason, code);
  }

  async leave(participantId: string, reason: LeaveReason): Promise<void> {
    await this.remove(this.participant(participantId), reason);
  }

  private async remove(participant: Participant, reason: LeaveReason, code?: MediaErrorCode): Promise<void> {
    if (this.participants.get(participant.id) !== participant) return;
    this.participants.delete(participant.id);
    this.autoSubscribers.delete(participant.id);
    for (const track of [...participant.published.values()]) {
      if (this.tracks.get(track.info.trackId) === track) {
        if (track.live) this.withdrawTrack(participant, track, 'left');
        else {
          this.tracks.delete(track.info.trackId);
          this.host.trackClosed(track.info.trackId);
          void this.recorder?.trackGone(track);
        }
      }
    }
    const recordingDone = this.recorder?.stopParticipant(participant.id);
    await participant.close();
    await recordingDone;
    if (this.speaker === participant.id) {
      this.speaker = null;
      this.host.emit('activeSpeaker', { roomId: this.id, participantId: null });
    }
    this.host.emit('participantLeft', { roomId: this.id, participantId: participant.id, reason, ...(code ? { code } : {}) });
  }

  /** A track relayed from another worker (this room is an edge shard of a broadcast). */
  addRelayTrack(info: TTrackInfo, requestKeyFrame: () => void): PublishedTrack {
    const track = new PublishedTrack({ ...info }, requestKeyFrame, (t) => this.trackLive(t), this.host.delays, undefined);
    this.tracks.set(info.trackId, track);
    this.host.trackOpened(info.trackId, this.id);
    return track;
  }

  removeRelayTrack(trackId: string): void {
    const track = this.tracks.get(trackId);
    if (!track) return;
    for (const participant of this.participants.values()) participant.unsubscribe(trackId);
    track.close();
    this.tracks.delete(trackId);
    this.host.trackClosed(trackId);
  }

  relayOutlet(trackId: string, outlet: Outlet): PublishedTrack {
    const track = this.tracks.get(trackId);
    if (!track) throw this.trackError(trackId, MediaErrorCode.TRACK_NOT_FOUND);
    track.addOutlet(outlet);
    return track;
  }

  /** Audio levels, the active speaker, and the bitrate cap restated to publishers. */
  private tick(): void {
    const levels: MediaEvents['audioLevels'][0]['levels'] = [];
    let loudest: { participantId: string; level: number } | undefined;
    for (const track of this.tracks.values()) {
      if (track.info.kind !== 'audio' || track.audioLevelCount === 0) continue;
      const level = track.audioLevelSum / track.audioLevelCount;
      track.audioLevelSum = 0;
      track.audioLevelCount = 0;
      if (track.info.muted) continue;
      levels.push({ participantId: track.info.participantId, trackId: track.info.trackId, dBov: -Math.round(level) });
      if (level < SPEECH_LEVEL && (!loudest || level < loudest.level)) loudest = { participantId: track.info.participantId, level };
    }
    if (levels.length) this.host.emit('audioLevels', { roomId: this.id, levels });
    if (loudest && loudest.participantId !== this.speaker) {
      this.speaker = loudest.participantId;
      this.host.emit('activeSpeaker', { roomId: this.id, participantId: loudest.participantId });
    }
    for (const participant of this.participants.values()) this.sendBitrateCap(participant);
  }

  /** REMB (draft-alvestrand-rmcat-remb) caps a browser's encoder even where b=AS is ignored. */
  private sendBitrateCap(participant: Participant): void {
    for (const [trackId, transceiver] of participant.publishTransceivers) {
      const track = participant.published.get(trackId);
      const ssrc = track?.sourceTrack?.ssrc;
      if (!track?.live || ssrc === undefined || track.info.kind !== 'video') continue;
      let mantissa = this.limits.maxVideoKbps * 1000;
      let exp = 0;
      while (mantissa > 0x3ffff) {
        mantissa >>>= 1;
        exp++;
      }
      const remb = new ReceiverEstimatedMaxBitrate({
        senderSsrc: transceiver.receiver.rtcpSsrc,
        mediaSsrc: 0,
        brExp: exp,
        brMantissa: mantissa,
        ssrcNum: 1,
        ssrcFeedbacks: [ssrc],
      });
      void transceiver.receiver.dtlsTransport?.sendRtcp([new RtcpPayloadSpecificFeedback({ feedback: remb })]).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ticker);
    await Promise.all([...this.participants.values()].map((p) => this.remove(p, 'room-closed')));
    for (const trackId of [...this.tracks.keys()]) this.removeRelayTrack(trackId);
    await this.recorder?.close();
  }

  stats(): { participants: number; peerConnections: number; transceivers: number; tracks: number; outlets: number; timers: number } {
    let transceivers = 0;
    let timers = 0;
    let peerConnections = 0;
    for (const p of this.participants.values()) {
      transceivers += p.pc.getTransceivers().length;
      timers += p.timers.size;
      if (p.pc.connectionState !== 'closed') peerConnections++;
    }
    let outlets = 0;
    for (const t of this.tracks.values()) outlets += t.outlets.length;
    return { participants: this.participants.size, peerConnections, transceivers, tracks: this.tracks.size, outlets, timers };
  }
}
