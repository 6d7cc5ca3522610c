import { z } from 'zod';
import { ZId, ZIsoDateTime, ZText } from './common';
import type { Ack, TApiError } from './errors';
import { mediaEvents, type TMediaTrack } from './media';
import { openingEvents, type TOpeningEvent } from './opening';
import type { TNotification } from './projects';

/**
 * Requests a client may send over the socket. Each carries a payload parsed by `payload` and
 * ends in exactly one acknowledgement whose data matches `result`.
 */
export const clientEvents = {
  /** One round-trip sample for estimating the offset between client and server clocks. */
  'clock:sync': {
    payload: z.strictObject({ clientSentAt: z.number().finite() }),
    result: z.object({ clientSentAt: z.number(), serverTime: z.number() }),
  },
  /** Replace the connection's access token before it expires, keeping the connection. */
  'session:renew': {
    payload: z.strictObject({ token: ZText.min(1).max(4096) }),
    result: z.object({ expiresAt: ZIsoDateTime }),
  },
  ...openingEvents,
  ...mediaEvents,
} as const;
export type ClientEventName = keyof typeof clientEvents;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['payload']>;
export type ClientEventResult<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['result']>;

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (result: Ack<ClientEventResult<E>>) => void) => void;
};

export interface ServerToClientEvents {
  /** The connection's token expires soon; renew it with `session:renew` or be disconnected. */
  'session:expiring': (info: { expiresAt: string }) => void;
  /** The events one transaction appended to a joined opening's log, in `seq` order: one message for all of them. */
  'opening:events': (events: TOpeningEvent[]) => void;
  /** A new offer from the media server for a room the socket joined; answer with `media:answer`. */
  'media:offer': (info: { roomId: string; offer: { type: 'offer'; sdp: string } }) => void;
  'media:track': (track: TMediaTrack) => void;
  'media:trackGone': (info: { roomId: string; participantId: string; trackId: string; reason: string }) => void;
  'media:trackMuted': (info: { roomId: string; participantId: string; trackId: string; muted: boolean }) => void;
  'media:speaker': (info: { roomId: string; participantId: string | null }) => void;
  'media:left': (info: { roomId: string; participantId: string; reason: string }) => void;
  /** The media server holding this room restarted: join it again. */
  'media:rejoin': (info: { roomId: string }) => void;
  /** A notification to the user's organization (an amendment, a moved deadline…). */
  notification: (notification: TNotification) => void;
  /** A request arrived without an acknowledgement callback, so its rejection is reported here. */
  'request:error': (info: { event: string; error: TApiError }) => void;
}

/**
 * What a client sends as `handshake.auth`. `tab` names the browser tab the connection belongs to
 * (a random UUID per page load): a tab connects again only when it lost its connection, so the
 * gateway closes that tab's earlier connection at once instead of waiting for its heartbeat to
 * time out. Socket.IO adds fields of its own here (`pid`, `offset`, for connection-state
 * recovery), so the object is not strict.
 */
export const ZSocketAuth = z.object({ token: ZText.min(1).max(4096), tab: ZId.optional() });
export type TSocketAuth = z.infer<typeof ZSocketAuth>;

/** `connect_error` carries this in `err.data` when the handshake is refused. */
export const ZSocketRefusal = z.object({ code: ZText });
