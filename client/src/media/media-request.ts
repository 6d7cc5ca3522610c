import { type Ack, type ClientEventPayload, type ClientEventResult, httpStatusOf, type mediaEvents } from '@bidhall/contracts';
import { ApiError } from '../api/http';
import type { AppSocket } from '../realtime/connection';

export type MediaEvent = keyof typeof mediaEvents;

const ACK_TIMEOUT_MS = 15_000;

/** Sends one media request and waits for its acknowledgement; a refusal is thrown as an ApiError with the platform's code. */
export async function mediaRequest<E extends MediaEvent>(socket: AppSocket, event: E, payload: ClientEventPayload<E>): Promise<ClientEventResult<E>> {
  if (!socket.connected) throw new ApiError('NETWORK_ERROR', 'not connected', 0);
  // The socket's event map cannot be indexed by a generic name, so the acknowledgement is typed by the contract here.
  const emitter = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(event: E, payload: unknown): Promise<Ack<ClientEventResult<E>>> };
  let ack: Ack<ClientEventResult<E>>;
  try {
    ack = await emitter.emitWithAck(event, payload);
  } catch {
    throw new ApiError('NETWORK_ERROR', `${event}: no answer in time`, 0);
  }
  if (!ack.ok) throw new ApiError(ack.error.code, ack.error.message, httpStatusOf(ack.error.code), ack.error.details);
  return ack.data;
}
