import { z } from 'zod';
import {
  type PeerConfig,
  RTCRtpCodecParameters,
  useAudioLevelIndication,
  useFIR,
  useNACK,
  usePLI,
  useREMB,
  useSdesMid,
} from 'werift';
import type { RoomKind } from './schemas';

/** A STUN or TURN server handed to clients as-is (the SFU itself has a reachable address). */
export const ZIceServer = z.object({
  urls: z.union([z.string().regex(/^(stun|turns?):/), z.array(z.string().regex(/^(stun|turns?):/)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type TIceServer = z.infer<typeof ZIceServer>;

export const ZNetworkConfig = z
  .object({
    /** The IPv4 address the SFU's UDP sockets bind to; 0.0.0.0 binds every interface. */
    listenIp: z.ipv4().default('127.0.0.1'),
    /**
     * The address written into ICE candidates, for a host behind 1:1 NAT (a cloud VM's public
     * address). Defaults to listenIp; with listenIp 0.0.0.0 and no announcedIp every interface
     * address is offered.
     */
    announcedIp: z.ipv4().optional(),
    /** Inclusive UDP port range for ICE; each peer connection takes one port. */
    portRange: z
      .object({ min: z.number().int().min(1024).max(65535), max: z.number().int().min(1024).max(65535) })
      .refine((r) => r.min <= r.max, 'portRange.min must not exceed portRange.max')
      .optional(),
    /** STUN / TURN servers for clients behind restrictive NATs. */
    iceServers: z.array(ZIceServer).default([]),
  })
  .prefault({});
export type TNetworkConfig = z.infer<typeof ZNetworkConfig>;
export type TNetworkConfigInput = z.input<typeof ZNetworkConfig>;

export const ZRoomLimits = z.object({
  /** Bitrate cap for each published video track, in kbit/s (SDP b=AS and REMB to the publisher). */
  maxVideoKbps: z.number().int().min(50).max(20_000),
  /** Bitrate cap for each published audio track, in kbit/s. */
  maxAudioKbps: z.number().int().min(6).max(510),
  /** Most participants a room takes, across all workers. */
  maxParticipants: z.number().int().min(1),
  /** Most participants that may publish at once. */
  maxPublishers: z.number().int().min(1),
});
export type TRoomLimits = z.infer<typeof ZRoomLimits>;

/**
 * An opening hall shows one or two cameras to a large audience, so each may use more bandwidth;
 * an evaluation room shows every expert to every other, so each camera gets less.
 */
export const DEFAULT_ROOM_LIMITS: Record<RoomKind, TRoomLimits> = {
  broadcast: { maxVideoKbps: 1500, maxAudioKbps: 64, maxParticipants: 5000, maxPublishers: 3 },
  conference: { maxVideoKbps: 600, maxAudioKbps: 48, maxParticipants: 40, maxPublishers: 25 },
};

export const ZTimeouts = z
  .object({
    /** How long a server offer may wait for its answer before the participant is removed, in ms. */
    answerMs: z.number().int().positive().default(10_000),
    /** How long after an answer ICE + DTLS may take to connect before the participant is removed, in ms. */
    connectMs: z.number().int().positive().default(15_000),
    /** How long a published track may stay silent (no RTP at all) before it is unpublished, in ms. */
    firstMediaMs: z.number().int().positive().default(15_000),
    /** How long a connection may stay `disconnected` before the participant is removed, in ms. */
    disconnectedMs: z.number().int().positive().default(8_000),
  })
  .prefault({});
export type TTimeouts = z.infer<typeof ZTimeouts>;

/** One codec per kind: VP8 and Opus are what every browser sends and what the recorder writes. */
export const VIDEO_PAYLOAD_TYPE = 96;
export const AUDIO_PAYLOAD_TYPE = 111;

export const videoCodec = (): RTCRtpCodecParameters =>
  new RTCRtpCodecParameters({
    mimeType: 'video/VP8',
    clockRate: 90_000,
    payloadType: VIDEO_PAYLOAD_TYPE,
    rtcpFeedback: [useNACK(), usePLI(), useFIR(), useREMB()],
  });

export const audioCodec = (): RTCRtpCodecParameters =>
  new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48_000,
    channels: 2,
    payloadType: AUDIO_PAYLOAD_TYPE,
    parameters: 'minptime=10;useinbandfec=1',
  });

/** werift settings for one of the SFU's peer connections. */
export const peerConfig = (network: TNetworkConfig): Partial<PeerConfig> => {
  const announced = network.announcedIp ?? (network.listenIp === '0.0.0.0' ? undefined : network.listenIp);
  return {
    codecs: { video: [videoCodec()], audio: [audioCodec()] },
    headerExtensions: { video: [useSdesMid()], audio: [useSdesMid(), useAudioLevelIndication()] },
    iceServers: [],
    iceInterfaceAddresses: network.listenIp === '0.0.0.0' ? undefined : { udp4: network.listenIp },
    // With a known address, enumerating interfaces would only add sockets bound to listenIp
    // but advertised under other addresses.
    iceUseIpv4: announced === undefined,
    iceUseIpv6: false,
    // One ICE transport from the start: under the default policy werift gathers a socket per
    // m-line and never closes the ones bundling discards.
    bundlePolicy: 'max-bundle',
    iceAdditionalHostAddresses: announced === undefined ? undefined : [announced],
    icePortRange: network.portRange ? [network.portRange.min, network.portRange.max] : undefined,
  };
};
