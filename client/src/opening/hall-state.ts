import { openingEventData as eventData, type TOpeningEvent, type TOpeningView, type TParticipant } from '@bidhall/contracts';

// The server's log is the contract (`openingEventData`); a payload that does not parse means the
// client is behind it, and the hall re-reads the view.

const withParticipant = (view: TOpeningView, orgId: string, change: (p: TParticipant) => TParticipant): TOpeningView => ({
  ...view,
  participants: view.participants.map((p) => (p.bidderOrgId === orgId ? change(p) : p)),
});

/** What an event says of the caller's own bid, for a large hall whose list may not hold its row. */
function ownFacts(event: TOpeningEvent, myOrgId: string | null): Partial<NonNullable<TOpeningView['me']>> {
  if (!myOrgId || event.data.bidderOrgId !== myOrgId) return {};
  switch (event.type) {
    case 'SIGNED_IN':
      return { signedIn: true };
    case 'DECRYPTION_RESULT': {
      const d = eventData.DECRYPTION_RESULT.safeParse(event.data).data;
      return d ? { decryption: d.decryption } : {};
    }
    case 'CONFIRMED':
      return { confirmed: true };
    default:
      return {};
  }
}

/** Keeps the caller's own standing in step with its row of the participant list, or with the events about it. */
function withMe(view: TOpeningView, myOrgId: string | null, facts: Partial<NonNullable<TOpeningView['me']>> = {}): TOpeningView {
  if (!view.me) return view;
  const mine = view.participants.find((p) => p.bidderOrgId === myOrgId);
  const decryption = mine?.decryption ?? facts.decryption ?? view.me.decryption;
  return {
    ...view,
    me: {
      signedIn: view.me.signedIn || Boolean(mine?.signedInAt) || Boolean(facts.signedIn),
      hasBid: view.me.hasBid || Boolean(mine),
      decryption,
      confirmed: view.me.confirmed || Boolean(mine?.confirmedAt) || Boolean(facts.confirmed),
      attemptsLeft: view.state === 'DECRYPTING' && decryption === 'PENDING',
    },
  };
}

function applyData(view: TOpeningView, event: TOpeningEvent): TOpeningView | null {
  switch (event.type) {
    case 'STATE_CHANGED': {
      const d = eventData.STATE_CHANGED.safeParse(event.data).data;
      if (!d) return null;
      const final = d.to === 'CLOSED' || d.to === 'FAILED';
      return {
        ...view,
        state: d.to,
        times: {
          ...view.times,
          ...(d.decryptEndsAt ? { decryptEndsAt: d.decryptEndsAt } : {}),
          ...(d.to === 'ANNOUNCING' ? { nextAnnounceAt: d.nextAnnounceAt ?? null } : {}),
          ...(d.to === 'CONFIRMING' ? { nextAnnounceAt: null } : {}),
          ...(d.confirmEndsAt ? { confirmEndsAt: d.confirmEndsAt } : {}),
          ...(final ? { closedAt: event.at } : {}),
        },
        ...(d.to === 'FAILED' && d.reason ? { failureReason: d.reason } : {}),
      };
    }
    case 'BIDS_FROZEN': {
      const d = eventData.BIDS_FROZEN.safeParse(event.data).data;
      if (!d) return null;
      // A large hall's freeze carries only the count; its list is read in pages.
      const participants = (d.participants ?? []).map((p) => ({
        ...p,
        decryption: 'PENDING' as const,
        failureNote: null,
        form: null,
        bond: { kind: 'MISSING' as const, detail: null },
        announcedAt: null,
        confirmedAt: null,
      }));
      return { ...view, participants, participantCount: d.count ?? participants.length };
    }
    case 'SIGNED_IN': {
      const d = eventData.SIGNED_IN.safeParse(event.data).data;
      return d ? withParticipant(view, d.bidderOrgId, (p) => ({ ...p, signedInAt: d.at })) : null;
    }
    case 'DECRYPTION_RESULT': {
      const d = eventData.DECRYPTION_RESULT.safeParse(event.data).data;
      return d ? withParticipant(view, d.bidderOrgId, (p) => ({ ...p, decryption: d.decryption, failureNote: d.failureNote ?? null })) : null;
    }
    case 'TIMES_CHANGED': {
      const d = eventData.TIMES_CHANGED.safeParse(event.data).data;
      return d ? { ...view, times: { ...view.times, signInAt: d.signInAt, deadlineAt: d.deadlineAt, autoStartAt: d.autoStartAt } } : null;
    }
    case 'WINDOW_EXTENDED': {
      const d = eventData.WINDOW_EXTENDED.safeParse(event.data).data;
      return d ? { ...view, extension: { until: d.until, reason: d.reason }, times: { ...view.times, decryptEndsAt: d.until } } : null;
    }
    case 'ANNOUNCED': {
      const parsed = eventData.ANNOUNCED.safeParse(event.data).data;
      if (!parsed) return null;
      const { by: _by, remaining: _remaining, nextAnnounceAt, ...d } = parsed;
      const paced = { ...view, times: { ...view.times, ...(nextAnnounceAt === undefined ? {} : { nextAnnounceAt }) } };
      const known = view.participants.some((p) => p.bidderOrgId === d.bidderOrgId);
      if (!known) {
        const added = { ...d, signedInAt: null, announcedAt: event.at, confirmedAt: null };
        return { ...paced, participants: [...view.participants, added].sort((a, b) => a.order - b.order) };
      }
      return withParticipant(paced, d.bidderOrgId, (p) => ({ ...p, ...d, announcedAt: event.at }));
    }
    case 'OBJECTION_RAISED': {
      const d = eventData.OBJECTION_RAISED.safeParse(event.data).data;
      if (!d) return null;
      if (view.objections.some((o) => o.id === d.id)) return view;
      const bidderName = view.participants.find((p) => p.bidderOrgId === d.bidderOrgId)?.bidderName ?? '';
      return { ...view, objections: [...view.objections, { ...d, bidderName, answer: null, answeredAt: null }] };
    }
    case 'OBJECTION_ANSWERED': {
      const d = eventData.OBJECTION_ANSWERED.safeParse(event.data).data;
      if (!d || !view.objections.some((o) => o.id === d.id)) return null;
      return { ...view, objections: view.objections.map((o) => (o.id === d.id ? { ...o, answer: d.answer, answeredAt: d.answeredAt } : o)) };
    }
    case 'BOND_RECORDED': {
      const d = eventData.BOND_RECORDED.safeParse(event.data).data;
      return d ? withParticipant(view, d.bidderOrgId, (p) => ({ ...p, bond: { kind: d.kind, detail: d.detail } })) : null;
    }
    case 'CONFIRMED': {
      const d = eventData.CONFIRMED.safeParse(event.data).data;
      return d ? withParticipant(view, d.bidderOrgId, (p) => ({ ...p, confirmedAt: d.at })) : null;
    }
    case 'ATTENDED': {
      const d = eventData.ATTENDED.safeParse(event.data).data;
      if (!d) return null;
      return view.attendance.some((a) => a.userId === d.userId) ? view : { ...view, attendance: [...view.attendance, d] };
    }
    case 'RECORD_ISSUED': {
      const d = eventData.RECORD_ISSUED.safeParse(event.data).data;
      return d ? { ...view, record: d } : null;
    }
  }
}

/**
 * The view after one more event of its log, or null when the event cannot be applied here (the
 * hall then asks the server for the view again). The event must be the next one: `view.lastSeq + 1`.
 */
export function applyEvent(view: TOpeningView, event: TOpeningEvent, myOrgId: string | null): TOpeningView | null {
  const next = applyData(view, event);
  return next && withMe({ ...next, lastSeq: event.seq }, myOrgId, ownFacts(event, myOrgId));
}

/** The events that change rows of the participant list. */
const ROW_EVENTS = new Set<TOpeningEvent['type']>(['SIGNED_IN', 'DECRYPTION_RESULT', 'ANNOUNCED', 'BOND_RECORDED', 'CONFIRMED']);

/**
 * A page of the list read from the server joins the rows known. A row already known is kept (the
 * events have kept it current); a new row was read at `lastSeq` or later, so the logged events
 * after `lastSeq` are applied to it again: whatever they set, they set once more.
 */
export function withPage(state: HallState, page: { participants: TParticipant[]; participantCount: number; lastSeq: number }, myOrgId: string | null): HallState {
  const { view } = state;
  if (!view) return state;
  const known = new Set(view.participants.map((p) => p.bidderOrgId));
  let fresh: TOpeningView = { ...view, participants: page.participants.filter((p) => !known.has(p.bidderOrgId)) };
  for (const event of state.log) {
    if (event.seq > page.lastSeq && event.seq <= view.lastSeq && ROW_EVENTS.has(event.type)) fresh = applyData(fresh, event) ?? fresh;
  }
  const added = fresh.participants.filter((p) => !known.has(p.bidderOrgId));
  const participants = [...view.participants, ...added].sort((a, b) => a.order - b.order);
  return { ...state, view: withMe({ ...view, participants, participantCount: Math.max(view.participantCount, page.participantCount) }, myOrgId) };
}

/** Where the next page of the list starts: after the run of rows known from the first by order. */
export function nextPageOffset(view: TOpeningView): number | null {
  let run = 0;
  while (run < view.participants.length && view.participants[run]!.order === run + 1) run++;
  return run < view.participantCount ? run : null;
}

export interface HallState {
  /** The server's view with every event up to `view.lastSeq` applied; null until joined. */
  view: TOpeningView | null;
  /** The events seen, by sequence number without duplicates: the hall's running record. */
  log: TOpeningEvent[];
  /** Events that arrived ahead of one still missing, held until the gap is filled. */
  ahead: TOpeningEvent[];
  /** Something could not be applied in order: the view must be read again from the server. */
  stale: boolean;
}

export const emptyHall: HallState = { view: null, log: [], ahead: [], stale: false };

function mergeLog(log: readonly TOpeningEvent[], events: readonly TOpeningEvent[]): TOpeningEvent[] {
  const bySeq = new Map(log.map((e) => [e.seq, e]));
  for (const event of events) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Applies held events for as long as they continue the view's sequence. */
function drain(state: HallState, myOrgId: string | null): HallState {
  let { view } = state;
  if (!view) return state;
  const ahead = [...state.ahead].sort((a, b) => a.seq - b.seq);
  let stale = false;
  while (ahead.length > 0) {
    const event = ahead[0]!;
    if (event.seq <= view.lastSeq) {
      ahead.shift();
      continue;
    }
    if (event.seq !== view.lastSeq + 1) {
      stale = true;
      break;
    }
    const next = applyEvent(view, event, myOrgId);
    if (!next) {
      stale = true;
      break;
    }
    view = next;
    ahead.shift();
  }
  return { view, log: mergeLog(state.log, state.ahead.filter((e) => e.seq <= view.lastSeq)), ahead, stale };
}

/**
 * After a join: the server's view is the new base, and whatever came with it or arrived live
 * beyond its `lastSeq` is applied on top. Replays of events already seen change nothing.
 */
export function joined(state: HallState, view: TOpeningView, events: readonly TOpeningEvent[], myOrgId: string | null): HallState {
  const known = events.filter((e) => e.seq <= view.lastSeq);
  const next = drain({ view, log: mergeLog(state.log, known), ahead: [...state.ahead, ...events.filter((e) => e.seq > view.lastSeq)], stale: false }, myOrgId);
  // Pages of a large list read before stay, brought up to date by the events since they were.
  const before = state.view;
  if (!before || view.participantCount <= view.participants.length) return next;
  return withPage(next, { participants: before.participants, participantCount: view.participantCount, lastSeq: before.lastSeq }, myOrgId);
}

/** One event pushed live. Out of order it is held, and the hall marked stale so it re-joins. */
export function received(state: HallState, event: TOpeningEvent, myOrgId: string | null): HallState {
  if (state.view && event.seq <= state.view.lastSeq) return state.log.some((e) => e.seq === event.seq) ? state : { ...state, log: mergeLog(state.log, [event]) };
  if (state.ahead.some((e) => e.seq === event.seq)) return state;
  return drain({ ...state, ahead: [...state.ahead, event] }, myOrgId);
}

/** The caller's own sign-in before the deadline is sealed and sends no event; its acknowledgement is the only news of it. */
export function signedIn(state: HallState): HallState {
  if (!state.view?.me) return state;
  return { ...state, view: { ...state.view, me: { ...state.view.me, signedIn: true } } };
}
