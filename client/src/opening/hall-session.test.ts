import type { Ack, TOpeningEvent, TOpeningView } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import type { AppSocket } from '../realtime/connection';
import { HallSession } from './hall-session';
import { SAMPLE_SECTION_ID, sampleView } from './sample-view';

const sectionId = SAMPLE_SECTION_ID;

const view = (lastSeq: number, state: TOpeningView['state'] = 'SIGN_IN'): TOpeningView => sampleView({ lastSeq, state });

const stateChanged = (seq: number, to: TOpeningView['state']): TOpeningEvent => ({
  sectionId,
  seq,
  at: '2026-12-01T01:30:00.000Z',
  type: 'STATE_CHANGED',
  data: { to },
});

interface Sent {
  event: string;
  payload: { sectionId: string; afterSeq?: number };
  answer(ack: Ack<unknown>): void;
}

/** Just enough of a Socket.IO client: listeners, acknowledged emits answered by the test, a connection to drop. */
function fakeSocket() {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const sent: Sent[] = [];
  const socket = {
    connected: true,
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return socket;
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener);
      return socket;
    },
    emit(event: string, payload: Sent['payload'], ack: (result: Ack<unknown>) => void) {
      sent.push({ event, payload, answer: ack });
      return socket;
    },
    timeout() {
      return { emitWithAck: (event: string, payload: Sent['payload']) => new Promise<Ack<unknown>>((answer) => sent.push({ event, payload, answer })) };
    },
  };
  const fire = (event: string, ...args: unknown[]) => listeners.get(event)?.forEach((listener) => listener(...args));
  return { socket: socket as unknown as AppSocket, sent, fire, listening: (event: string) => listeners.get(event)?.size ?? 0, raw: socket };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const joins = (sent: Sent[]) => sent.filter((s) => s.event === 'opening:join');

describe('HallSession', () => {
  it('joins on start, re-joins after a reconnect from the last event it has, and leaves on stop', async () => {
    const { socket, sent, fire, listening } = fakeSocket();
    const hall = new HallSession(socket, sectionId, null);
    hall.start();
    expect(joins(sent).map((s) => s.payload)).toEqual([{ sectionId, afterSeq: 0 }]);
    joins(sent)[0]!.answer({ ok: true, data: { view: view(3), events: [] } });
    await settle();
    expect(hall.getSnapshot()).toMatchObject({ status: 'live', view: { lastSeq: 3 } });

    fire('opening:events', [stateChanged(4, 'DEADLINE')]);
    expect(hall.getSnapshot().view?.state).toBe('DEADLINE');

    fire('connect');
    expect(joins(sent)[1]!.payload).toEqual({ sectionId, afterSeq: 4 });
    expect(hall.getSnapshot().status).toBe('resyncing');
    // The replay repeats what Socket.IO's own recovery already delivered; nothing is applied twice.
    fire('opening:events', [stateChanged(5, 'DECRYPTING')]);
    joins(sent)[1]!.answer({ ok: true, data: { view: view(4, 'DEADLINE'), events: [stateChanged(5, 'DECRYPTING')] } });
    await settle();
    expect(hall.getSnapshot()).toMatchObject({ status: 'live', view: { lastSeq: 5, state: 'DECRYPTING' } });
    expect(hall.getSnapshot().log.map((e) => e.seq)).toEqual([4, 5]);

    hall.stop();
    expect(sent.at(-1)).toMatchObject({ event: 'opening:leave', payload: { sectionId } });
    expect(listening('opening:events') + listening('connect')).toBe(0);
  });

  it('re-joins when the log shows a gap, and once more if events kept arriving out of order meanwhile', async () => {
    const { socket, sent, fire } = fakeSocket();
    const hall = new HallSession(socket, sectionId, null);
    hall.start();
    joins(sent)[0]!.answer({ ok: true, data: { view: view(1), events: [] } });
    await settle();

    fire('opening:events', [stateChanged(3, 'DECRYPTING')]);
    expect(joins(sent)).toHaveLength(2);
    expect(joins(sent)[1]!.payload.afterSeq).toBe(1);
    fire('opening:events', [stateChanged(5, 'CONFIRMING')]);
    expect(joins(sent)).toHaveLength(2);

    joins(sent)[1]!.answer({ ok: true, data: { view: view(1), events: [stateChanged(2, 'DEADLINE'), stateChanged(3, 'DECRYPTING')] } });
    await settle();
    expect(hall.getSnapshot().view?.lastSeq).toBe(3);
    expect(joins(sent)).toHaveLength(3);
    joins(sent)[2]!.answer({ ok: true, data: { view: view(5, 'CONFIRMING'), events: [stateChanged(4, 'ANNOUNCING'), stateChanged(5, 'CONFIRMING')] } });
    await settle();
    expect(hall.getSnapshot()).toMatchObject({ stale: false, view: { lastSeq: 5, state: 'CONFIRMING' } });
    expect(joins(sent)).toHaveLength(3);
  });

  it('drops the answer to a join made before it stopped', async () => {
    const { socket, sent } = fakeSocket();
    const hall = new HallSession(socket, sectionId, null);
    hall.start();
    hall.stop();
    hall.start();
    joins(sent)[0]!.answer({ ok: true, data: { view: view(9, 'CLOSED'), events: [] } });
    await settle();
    expect(hall.getSnapshot().view).toBeNull();
    joins(sent)[1]!.answer({ ok: true, data: { view: view(2), events: [] } });
    await settle();
    expect(hall.getSnapshot().view?.lastSeq).toBe(2);
  });

  it('keeps the reason a join was refused', async () => {
    const { socket, sent } = fakeSocket();
    const hall = new HallSession(socket, sectionId, null);
    hall.start();
    joins(sent)[0]!.answer({ ok: false, error: { code: 'NOT_FOUND', message: 'opening not found' } });
    await settle();
    expect(hall.getSnapshot()).toMatchObject({ status: 'joining', view: null, error: { code: 'NOT_FOUND', status: 404 } });
  });

  it('reads the view again when a deadline has passed without news, less and less often', async () => {
    const { socket, sent } = fakeSocket();
    const hall = new HallSession(socket, sectionId, null);
    hall.start();
    joins(sent)[0]!.answer({ ok: true, data: { view: view(1), events: [] } });
    await settle();
    const deadline = Date.parse('2026-12-01T01:30:00.000Z');

    hall.checkOverdue(deadline + 1_000);
    expect(joins(sent)).toHaveLength(1);
    hall.checkOverdue(deadline + 3_000);
    expect(joins(sent)).toHaveLength(2);
    joins(sent)[1]!.answer({ ok: true, data: { view: view(1), events: [] } });
    await settle();
    hall.checkOverdue(deadline + 8_000);
    expect(joins(sent)).toHaveLength(2);
    hall.checkOverdue(deadline + 9_000);
    expect(joins(sent)).toHaveLength(3);
  });

  it('refuses a request while disconnected and turns a refusal into an ApiError with its code', async () => {
    const { socket, sent, raw } = fakeSocket();
    const hall = new HallSession(socket, sectionId, null);
    const objection = hall.request('opening:object', { text: '异议', clientId: sectionId });
    sent.at(-1)!.answer({ ok: false, error: { code: 'RATE_LIMITED', message: 'at most 5 objections a minute' } });
    await expect(objection).rejects.toMatchObject({ name: 'ApiError', code: 'RATE_LIMITED', status: 429 });
    expect(sent.at(-1)!.payload).toEqual({ sectionId, text: '异议', clientId: sectionId });

    raw.connected = false;
    await expect(hall.request('opening:confirm', {})).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });

  describe('in a hall whose freeze carried only the count', () => {
    const row = (order: number) => ({
      order,
      bidderOrgId: `00000000-0000-4000-8000-${String(order).padStart(12, '0')}`,
      bidderName: `投标人${order}`,
      signedInAt: null,
      decryption: 'PENDING' as const,
      failureNote: null,
      form: null,
      bond: { kind: 'MISSING' as const, detail: null },
      announcedAt: null,
      confirmedAt: null,
    });
    const frozen: TOpeningEvent = { sectionId, seq: 4, at: '2026-12-01T01:30:00.000Z', type: 'BIDS_FROZEN', data: { orderSeed: 'ab', count: 5 } };
    const pages = (sent: Sent[]) => sent.filter((s) => s.event === 'opening:participants');

    it('has the host read every page, one after the other, until the list is whole', async () => {
      const { socket, sent, fire } = fakeSocket();
      const hall = new HallSession(socket, sectionId, null);
      hall.start();
      joins(sent)[0]!.answer({ ok: true, data: { view: sampleView({ lastSeq: 3, state: 'SIGN_IN', role: 'HOST' }), events: [] } });
      await settle();
      fire('opening:events', [frozen]);
      await settle();
      expect(pages(sent).map((s) => s.payload)).toEqual([{ sectionId, offset: 0 }]);
      pages(sent)[0]!.answer({ ok: true, data: { participants: [row(1), row(2), row(3)], participantCount: 5, lastSeq: 4 } });
      await settle();
      expect(pages(sent)[1]!.payload).toEqual({ sectionId, offset: 3 });
      pages(sent)[1]!.answer({ ok: true, data: { participants: [row(4), row(5)], participantCount: 5, lastSeq: 4 } });
      await settle();
      expect(hall.getSnapshot().view?.participants.map((p) => p.order)).toEqual([1, 2, 3, 4, 5]);
      expect(pages(sent)).toHaveLength(2);
      hall.stop();
    });

    it('has a bidder read a page only when it asks, and stops at a page that brings nothing', async () => {
      const { socket, sent, fire } = fakeSocket();
      const hall = new HallSession(socket, sectionId, null);
      hall.start();
      joins(sent)[0]!.answer({ ok: true, data: { view: sampleView({ lastSeq: 3, state: 'SIGN_IN', role: 'BIDDER' }), events: [] } });
      await settle();
      fire('opening:events', [frozen]);
      await settle();
      expect(pages(sent)).toHaveLength(0);
      const more = hall.loadMoreParticipants();
      pages(sent)[0]!.answer({ ok: true, data: { participants: [row(1), row(2)], participantCount: 5, lastSeq: 4 } });
      expect(await more).toBe(true);
      const nothing = hall.loadMoreParticipants();
      pages(sent)[1]!.answer({ ok: true, data: { participants: [], participantCount: 5, lastSeq: 4 } });
      expect(await nothing).toBe(false);
      hall.stop();
    });
  });
});
