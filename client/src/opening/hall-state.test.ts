import type { TOpeningEvent } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import { applyEvent, emptyHall, joined, nextPageOffset, received, signedIn, withPage } from './hall-state';
import { SAMPLE_SECTION_ID, sampleView } from './sample-view';

const sectionId = SAMPLE_SECTION_ID;
const me = '00000000-0000-4000-8000-0000000000a1';
const other = '00000000-0000-4000-8000-0000000000b2';
const objectionId = '00000000-0000-4000-8000-0000000000c3';

const view = sampleView({
  role: 'BIDDER',
  openingFormFields: [{ key: 'price', label: '投标报价', type: 'money', unit: '元' }],
  me: { signedIn: false, hasBid: true, decryption: null, confirmed: false, attemptsLeft: false },
});

let at = Date.parse('2026-12-01T01:30:00.000Z');
const event = (seq: number, type: TOpeningEvent['type'], data: Record<string, unknown>): TOpeningEvent => ({
  sectionId,
  seq,
  at: new Date((at += 1000)).toISOString(),
  type,
  data,
});

const frozen = event(3, 'BIDS_FROZEN', {
  orderSeed: 'ab',
  participants: [
    { order: 1, bidderOrgId: other, bidderName: '东方路桥', bidId: 'x', sha256: 'y', signedInAt: null },
    { order: 2, bidderOrgId: me, bidderName: '华建工程', bidId: 'z', sha256: 'w', signedInAt: '2026-12-01T01:26:30.000Z' },
  ],
});
const log = [
  event(2, 'STATE_CHANGED', { from: 'SIGN_IN', to: 'DEADLINE' }),
  frozen,
  event(4, 'STATE_CHANGED', { from: 'DEADLINE', to: 'DECRYPTING', decryptEndsAt: '2026-12-01T01:45:00.000Z' }),
  event(5, 'DECRYPTION_RESULT', { bidderOrgId: me, decryption: 'DECRYPTED' }),
  event(6, 'OBJECTION_RAISED', { id: objectionId, bidderOrgId: other, text: '报价单位有误', raisedAt: '2026-12-01T01:35:00.000Z' }),
];

describe('the hall state', () => {
  it('applies events in sequence and keeps the caller’s own standing in step', () => {
    let state = joined(emptyHall, view, [], me);
    for (const e of log) state = received(state, e, me);
    expect(state.stale).toBe(false);
    expect(state.view?.state).toBe('DECRYPTING');
    expect(state.view?.lastSeq).toBe(6);
    expect(state.view?.times.decryptEndsAt).toBe('2026-12-01T01:45:00.000Z');
    expect(state.view?.participants.map((p) => [p.order, p.bidderName, p.decryption])).toEqual([
      [1, '东方路桥', 'PENDING'],
      [2, '华建工程', 'DECRYPTED'],
    ]);
    expect(state.view?.me).toEqual({ signedIn: true, hasBid: true, decryption: 'DECRYPTED', confirmed: false, attemptsLeft: false });
    expect(state.view?.objections).toMatchObject([{ id: objectionId, bidderName: '东方路桥', answer: null }]);
    expect(state.log.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);
  });

  it('holds events that arrive ahead of a missing one and marks the hall stale until it re-joins', () => {
    let state = joined(emptyHall, view, [], me);
    state = received(state, log[2]!, me);
    state = received(state, log[1]!, me);
    expect(state.stale).toBe(true);
    expect(state.view?.lastSeq).toBe(1);

    // The re-join answers with the view at seq 2 and the events after it; one came live meanwhile.
    state = received(state, log[3]!, me);
    const afterTwo = applyEvent(view, log[0]!, me)!;
    state = joined(state, afterTwo, [log[1]!, log[2]!], me);
    expect(state.stale).toBe(false);
    expect(state.view?.lastSeq).toBe(5);
    expect(state.ahead).toEqual([]);
    expect(state.log.map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('ignores replayed events it has already applied', () => {
    let state = joined(emptyHall, view, log.slice(0, 2), me);
    const once = state.view;
    state = received(state, log[0]!, me);
    state = received(state, log[1]!, me);
    expect(state.view).toBe(once);
    state = joined(state, state.view!, log.slice(0, 3), me);
    expect(state.view?.lastSeq).toBe(4);
    expect(state.log.map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('takes a re-joined view as the truth even when it is ahead of every event seen', () => {
    let state = joined(emptyHall, view, [], me);
    state = received(state, log[1]!, me);
    const later = { ...view, state: 'CONFIRMING' as const, lastSeq: 20 };
    state = joined(state, later, [], me);
    expect(state.view?.state).toBe('CONFIRMING');
    expect(state.ahead).toEqual([]);
    expect(state.stale).toBe(false);
  });

  it('asks for the view again when an event cannot be read', () => {
    let state = joined(emptyHall, view, [], me);
    state = received(state, event(2, 'SIGNED_IN', { bidderOrgId: 'not an id' }), me);
    expect(state.stale).toBe(true);
    expect(state.view?.lastSeq).toBe(1);
  });

  it('follows the announcement, answers, bonds, confirmations, the close and the record', () => {
    let v = view;
    for (const e of log) v = applyEvent(v, e, me)!;
    const rest = [
      event(7, 'STATE_CHANGED', { from: 'DECRYPTING', to: 'ANNOUNCING' }),
      event(8, 'ANNOUNCED', {
        order: 1,
        bidderOrgId: other,
        bidderName: '东方路桥',
        decryption: 'REVOKED',
        failureNote: '解密时间内未解密，视为撤销',
        form: null,
        bond: { kind: 'MISSING', detail: null },
      }),
      event(9, 'ANNOUNCED', {
        order: 2,
        bidderOrgId: me,
        bidderName: '华建工程',
        decryption: 'DECRYPTED',
        failureNote: null,
        form: { price: '9650000.00' },
        bond: { kind: 'MISSING', detail: null },
      }),
      event(10, 'STATE_CHANGED', { from: 'ANNOUNCING', to: 'CONFIRMING', confirmEndsAt: '2026-12-01T01:55:00.000Z' }),
      event(11, 'OBJECTION_ANSWERED', { id: objectionId, answer: '以开标一览表为准', answeredAt: '2026-12-01T01:46:00.000Z' }),
      event(12, 'BOND_RECORDED', { bidderOrgId: me, kind: 'CASH', detail: '转账凭证 0042' }),
      event(13, 'CONFIRMED', { bidderOrgId: me, at: '2026-12-01T01:47:00.000Z' }),
      event(14, 'STATE_CHANGED', { from: 'CONFIRMING', to: 'CLOSED' }),
      event(15, 'RECORD_ISSUED', { recordId: objectionId, htmlSha256: 'a', pdfSha256: 'b', signature: 'c', keyId: 'd' }),
    ];
    for (const e of rest) v = applyEvent(v, e, me)!;
    expect(v.state).toBe('CLOSED');
    expect(v.times.closedAt).toBe(rest[7]!.at);
    expect(v.participants).toMatchObject([
      { decryption: 'REVOKED', failureNote: '解密时间内未解密，视为撤销', form: null },
      { decryption: 'DECRYPTED', form: { price: '9650000.00' }, bond: { kind: 'CASH', detail: '转账凭证 0042' }, confirmedAt: '2026-12-01T01:47:00.000Z' },
    ]);
    expect(v.objections[0]).toMatchObject({ answer: '以开标一览表为准' });
    expect(v.me?.confirmed).toBe(true);
    expect(v.record?.keyId).toBe('d');
  });

  it('follows a paced announcement bid by bid, with the time the next one is due', () => {
    let v = view;
    for (const e of log) v = applyEvent(v, e, me)!;
    v = applyEvent(v, event(7, 'STATE_CHANGED', { from: 'DECRYPTING', to: 'ANNOUNCING', nextAnnounceAt: '2026-12-01T01:46:20.000Z', paceSeconds: 20 }), me)!;
    expect(v.times.nextAnnounceAt).toBe('2026-12-01T01:46:20.000Z');
    const first = event(8, 'ANNOUNCED', {
      order: 1,
      bidderOrgId: other,
      bidderName: '东方路桥',
      decryption: 'DECRYPTED',
      failureNote: null,
      form: { price: '9980000.01' },
      bond: { kind: 'MISSING', detail: null },
      by: 'HOST',
      remaining: 1,
      nextAnnounceAt: '2026-12-01T01:46:35.000Z',
    });
    v = applyEvent(v, first, me)!;
    expect(v.state).toBe('ANNOUNCING');
    expect(v.times.nextAnnounceAt).toBe('2026-12-01T01:46:35.000Z');
    expect(v.participants.map((p) => [p.announcedAt, p.form])).toEqual([
      [first.at, { price: '9980000.01' }],
      [null, null],
    ]);
    v = applyEvent(v, event(9, 'STATE_CHANGED', { from: 'ANNOUNCING', to: 'CONFIRMING', confirmEndsAt: '2026-12-01T01:56:35.000Z' }), me)!;
    expect(v.times.nextAnnounceAt).toBeNull();
  });

  it('lists who of the host and the supervisors joined the hall, once each', () => {
    const supervisor = { userId: objectionId, role: 'SUPERVISOR', name: '刘建国', orgName: '监督局', at: '2026-12-01T01:20:00.000Z' };
    let v = applyEvent(view, event(2, 'ATTENDED', supervisor), me)!;
    v = applyEvent(v, event(3, 'ATTENDED', supervisor), me)!;
    expect(v.attendance).toEqual([supervisor]);
    expect(applyEvent(view, event(2, 'ATTENDED', { ...supervisor, role: 'BIDDER' }), me)).toBeNull();
  });

  it('records a failed opening with its reason', () => {
    const failed = applyEvent(view, event(2, 'STATE_CHANGED', { from: 'DEADLINE', to: 'FAILED', reason: '投标人少于3个（2个），依法不予开标（流标）' }), me)!;
    expect(failed.state).toBe('FAILED');
    expect(failed.failureReason).toMatch(/流标/);
    expect(failed.times.closedAt).not.toBeNull();
  });

  it('notes the caller’s sealed sign-in from its acknowledgement', () => {
    const state = signedIn(joined(emptyHall, view, [], me));
    expect(state.view?.me?.signedIn).toBe(true);
  });

  describe('in a hall too large to send its list with the freeze', () => {
    const row = (order: number, bidderOrgId: string, bidderName: string) => ({
      order,
      bidderOrgId,
      bidderName,
      signedInAt: null,
      decryption: 'PENDING' as const,
      failureNote: null,
      form: null,
      bond: { kind: 'MISSING' as const, detail: null },
      announcedAt: null,
      confirmedAt: null,
    });
    const third = '00000000-0000-4000-8000-0000000000d4';
    const compact = [
      event(2, 'STATE_CHANGED', { from: 'SIGN_IN', to: 'DEADLINE' }),
      event(3, 'BIDS_FROZEN', { orderSeed: 'ab', count: 3 }),
      event(4, 'STATE_CHANGED', { from: 'DEADLINE', to: 'DECRYPTING', decryptEndsAt: '2026-12-01T01:45:00.000Z' }),
      event(5, 'DECRYPTION_RESULT', { bidderOrgId: me, decryption: 'DECRYPTED' }),
      event(6, 'DECRYPTION_RESULT', { bidderOrgId: third, decryption: 'WITHDRAWN', failureNote: 'x' }),
    ];

    it('keeps the count and the caller’s own standing from the events alone', () => {
      let state = joined(emptyHall, view, [], me);
      for (const e of compact) state = received(state, e, me);
      expect(state.stale).toBe(false);
      expect(state.view?.participants).toEqual([]);
      expect(state.view?.participantCount).toBe(3);
      expect(state.view?.me).toMatchObject({ hasBid: true, decryption: 'DECRYPTED' });
      expect(nextPageOffset(state.view!)).toBe(0);
    });

    it('adds a page read earlier than the last event and applies the events since to its rows', () => {
      let state = joined(emptyHall, view, [], me);
      for (const e of compact) state = received(state, e, me);
      // The page was read at seq 5: row 3's failure (seq 6) is not in it, and row 2's is.
      const page = { participants: [row(1, other, '东方路桥'), { ...row(2, me, '华建工程'), decryption: 'DECRYPTED' as const }, row(3, third, '西城建设')], participantCount: 3, lastSeq: 5 };
      state = withPage(state, page, me);
      expect(state.view?.participants.map((p) => [p.order, p.decryption])).toEqual([
        [1, 'PENDING'],
        [2, 'DECRYPTED'],
        [3, 'WITHDRAWN'],
      ]);
      expect(nextPageOffset(state.view!)).toBeNull();
    });

    it('keeps rows it knows over a page’s older copy, and the pages read across a re-join', () => {
      const base = { ...view, state: 'DECRYPTING' as const, lastSeq: 4, participantCount: 3, participants: [row(2, me, '华建工程')] };
      let state = joined(emptyHall, base, [], me);
      state = received(state, compact[3]!, me);
      state = withPage(state, { participants: [row(1, other, '东方路桥'), row(2, me, '华建工程')], participantCount: 3, lastSeq: 4 }, me);
      expect(state.view?.participants.map((p) => [p.order, p.decryption])).toEqual([
        [1, 'PENDING'],
        [2, 'DECRYPTED'],
      ]);
      expect(nextPageOffset(state.view!)).toBe(2);
      // The server's view after the re-join names only the caller's row; row 1 stays, with the event after the page.
      const rejoined = { ...base, lastSeq: 6, participants: [{ ...row(2, me, '华建工程'), decryption: 'DECRYPTED' as const }] };
      state = joined(state, rejoined, [compact[4]!, event(7, 'SIGNED_IN', { bidderOrgId: other, at: '2026-12-01T01:31:00.000Z' })], me);
      expect(state.view?.participants.map((p) => [p.order, p.signedInAt])).toEqual([
        [1, '2026-12-01T01:31:00.000Z'],
        [2, null],
      ]);
    });
  });
});
