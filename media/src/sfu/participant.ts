import { MediaStream, type MediaStreamTrack, type PeerConfig, RTCPeerConnection, type RTCRtpTransceiver } from 'werift';
import { type LeaveReason, MediaError, MediaErrorCode } from '../errors';
import type { MediaKind, ParticipantRole, TIceCandidate, TSessionDescription } from '../schemas';
import type { TRoomLimits, TTimeouts } from '../config';
import { capReceiveBitrate, checkAnswerShape } from './sdp';
import type { PublishedTrack } from './published-track';
import { SenderOutlet } from './sender-outlet';
import { TimerBag } from './timer-bag';

/** What a participant needs from its room. */
export interface ParticipantHost {
  readonly peerConfig: Partial<PeerConfig>;
  readonly timeouts: TTimeouts;
  readonly limits: TRoomLimits;
  offerReady(participant: Participant, offer: TSessionDescription): void;
  remoteTrack(participant: Participant, transceiver: RTCRtpTransceiver, track: MediaStreamTrack): void;
  /** The participant must go: timed out, or its connection failed. */
  evict(participant: Participant, reason: LeaveReason, code?: MediaErrorCode): void;
}

/**
 * One client: one RTCPeerConnection carrying everything it publishes and receives. The server
 * makes every offer; a change while an offer is out waits for the answer and then goes in the
 * next offer, so the client never sees glare.
 */
export class Participant {
  readonly pc: RTCPeerConnection;
  /** Tracks this participant publishes, by id (live or still waiting for their first packet). */
  readonly published = new Map<string, PublishedTrack>();
  /** Transceivers the participant publishes on, by track id. */
  readonly publishTransceivers = new Map<string, RTCRtpTransceiver>();
  readonly subscriptions = new Map<string, SenderOutlet>();
  readonly timers = new TimerBag();
  private offerOut: TSessionDescription | undefined;
  private offering = false;
  /** Counts changes to the session; an offer covers every change counted before it was made. */
  private changes = 0;
  private offeredChanges = 0;
  private offerScheduled = false;
  private closed = false;
  private connected = false;

  constructor(
    private readonly host: ParticipantHost,
    readonly id: string,
    readonly role: ParticipantRole,
    readonly displayName: string | undefined,
  ) {
    this.pc = new RTCPeerConnection(host.peerConfig);
    // A data channel gives the first offer an m-line even for a subscriber of an empty room, so
    // ICE and DTLS are up before any track arrives; werift failed the connection now and then
    // when its first media m-lines came in quick renegotiations instead.
    this.pc.createDataChannel('bidhall');
    this.pc.connectionStateChange.subscribe((state) => this.onConnectionState(state));
  }

  get canPublish(): boolean {
    return this.role !== 'subscriber';
  }

  get canSubscribe(): boolean {
    return this.role !== 'publisher';
  }

  get isClosed(): boolean {
    return this.closed;
  }

  addPublishTransceiver(kind: MediaKind, track: PublishedTrack): void {
    const transceiver = this.pc.addTransceiver(kind, { direction: 'recvonly' });
    transceiver.onTrack.subscribe((remote) => this.host.remoteTrack(this, transceiver, remote));
    this.published.set(track.info.trackId, track);
    this.publishTransceivers.set(track.info.trackId, transceiver);
  }

  /** Stops receiving a track this participant published. */
  withdraw(trackId: string): void {
    const transceiver = this.publishTransceivers.get(trackId);
    this.published.get(trackId)?.close();
    this.published.delete(trackId);
    this.publishTransceivers.delete(trackId);
    this.timers.clear(`first-media:${trackId}`);
    if (transceiver && !this.closed) {
      transceiver.setDirection('inactive');
      this.scheduleOffer();
    }
  }

  subscribe(track: PublishedTrack): SenderOutlet {
    const existing = this.subscriptions.get(track.info.trackId);
    if (existing) return existing;
    const transceiver = this.pc.addTransceiver(track.info.kind, { direction: 'sendonly' });
    // The m-line's msid names the publisher and the track (`a=msid:<participantId> <trackId>`), so a
    // client can tell which announced track arrives on which m-line, and plays a publisher's audio
    // and video as one stream, in sync. werift types the sender's track id as read-only but writes
    // it into the SDP as it finds it.
    transceiver.sender.setStreams([new MediaStream({ id: track.info.participantId })]);
    (transceiver.sender as { trackId: string }).trackId = track.info.trackId;
    const outlet = new SenderOutlet(track, transceiver);
    const sender = transceiver.sender;
    sender.onPictureLossIndication.subscribe(() => track.requestKeyFrame());
    sender.onRtcp.subscribe((packet) => {
      // FIR (RFC 5104) is payload-specific feedback with FMT 4; werift only surfaces PLI itself.
      if (packet.type === 206 && (packet as { feedback?: { count?: number } }).feedback?.count === 4) track.requestKeyFrame();
    });
    this.subscriptions.set(track.info.trackId, outlet);
    track.addOutlet(outlet);
    this.scheduleOffer();
    return outlet;
  }

  unsubscribe(trackId: string): void {
    const outlet = this.subscriptions.get(trackId);
    if (!outlet) return;
    this.subscriptions.delete(trackId);
    outlet.track.removeOutlet(outlet);
    if (!this.closed) {
      this.pc.removeTrack(outlet.transceiver.sender);
      outlet.transceiver.sender.stop();
      this.scheduleOffer();
    }
  }

  /** The first offer, returned to join rather than sent as an event. */
  async initialOffer(): Promise<TSessionDescription> {
    return this.makeOffer();
  }

  /** Coalesces the changes made in one turn of the event loop into one offer. */
  scheduleOffer(): void {
    this.changes++;
    this.flushChanges();
  }

  private flushChanges(): void {
    if (this.closed || this.offerScheduled) return;
    this.offerScheduled = true;
    setImmediate(() => {
      this.offerScheduled = false;
      // An offer in flight is followed by another once answered (see applyAnswer).
      if (this.closed || this.offerOut || this.offering || this.changes === this.offeredChanges) return;
      this.makeOffer().then(
        (offer) => this.host.offerReady(this, offer),
        () => this.host.evict(this, 'disconnected'),
      );
    });
  }

  private async makeOffer(): Promise<TSessionDescription> {
    this.offering = true;
    this.offeredChanges = this.changes;
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer());
    } finally {
      this.offering = false;
    }
    const sdp = this.pc.localDescription?.sdp ?? '';
    const kbps = { audio: this.host.limits.maxAudioKbps, video: this.host.limits.maxVideoKbps };
    const offer = { type: 'offer' as const, sdp: capReceiveBitrate(sdp, kbps) };
    this.offerOut = offer;
    this.timers.set('answer', this.host.timeouts.answerMs, () => this.host.evict(this, 'answer-timeout', MediaErrorCode.NEGOTIATION_TIMEOUT));
    return offer;
  }

  async applyAnswer(answer: TSessionDescription): Promise<void> {
    const offer = this.offerOut;
    if (!offer) throw new MediaError(MediaErrorCode.NO_PENDING_OFFER, 'no server offer is waiting for an answer');
    checkAnswerShape(answer.sdp, offer.sdp);
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    } catch (error) {
      throw new MediaError(MediaErrorCode.INVALID_SDP, `answer rejected: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.offerOut = undefined;
    this.timers.clear('answer');
    if (!this.connected) {
      if (!this.timers.has('connect')) {
        this.timers.set('connect', this.host.timeouts.connectMs, () => this.host.evict(this, 'connect-timeout', MediaErrorCode.NEGOTIATION_TIMEOUT));
      }
    } else {
      this.activateOutlets();
    }
    if (this.changes !== this.offeredChanges) this.flushChanges();
  }

  async addCandidate(candidate: TIceCandidate): Promise<void> {
    if (!this.pc.remoteDescription) {
      throw new MediaError(MediaErrorCode.INVALID_CANDIDATE, 'candidate before any answer');
    }
    try {
      await this.pc.addIceCandidate({
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? undefined,
        sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
        usernameFragment: candidate.usernameFragment ?? undefined,
      });
    } catch (error) {
      throw new MediaError(MediaErrorCode.INVALID_CANDIDATE, `candidate rejected: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onConnectionState(state: string): void {
    if (this.closed) return;
    if (state === 'connected') {
      this.connected = true;
      this.timers.clear('connect');
      this.timers.clear('disconnected');
      this.activateOutlets();
    } else if (state === 'disconnected') {
      this.timers.set('disconnected', this.host.timeouts.disconnectedMs, () => this.host.evict(this, 'disconnected'));
    } else if (state === 'failed' || state === 'closed') {
      this.host.evict(this, 'disconnected');
    }
  }

  /** Outlets whose m-line is negotiated and whose transport is up start sending (after a key frame). */
  private activateOutlets(): void {
    for (const outlet of this.subscriptions.values()) {
      if (!outlet.active) outlet.activate();
    }
  }

  /** Releases the peer connection, its transceivers and every timer; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.clearAll();
    for (const outlet of this.subscriptions.values()) outlet.track.removeOutlet(outlet);
    this.subscriptions.clear();
    for (const track of this.published.values()) track.close();
    this.published.clear();
    this.publishTransceivers.clear();
    await this.pc.close();
  }
}
