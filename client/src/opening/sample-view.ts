import type { TOpeningView } from '@bidhall/contracts';

export const SAMPLE_SECTION_ID = '00000000-0000-4000-8000-000000000001';

/** A hall in SIGN_IN as an observer sees it, for tests; `overrides` make it someone else's. */
export const sampleView = (overrides: Partial<TOpeningView> = {}): TOpeningView => ({
  sectionId: SAMPLE_SECTION_ID,
  projectName: '滨江大道改造工程',
  sectionName: '施工标段',
  state: 'SIGN_IN',
  times: {
    signInAt: '2026-12-01T01:25:00.000Z',
    deadlineAt: '2026-12-01T01:30:00.000Z',
    autoStartAt: '2026-12-01T01:31:00.000Z',
    decryptEndsAt: null,
    nextAnnounceAt: null,
    confirmEndsAt: null,
    closedAt: null,
  },
  extension: null,
  lastSeq: 1,
  serverTime: '2026-12-01T01:26:00.000Z',
  role: 'OBSERVER',
  openingFormFields: [],
  ceilingPrice: null,
  participants: [],
  participantCount: 0,
  objections: [],
  attendance: [],
  me: null,
  failureReason: null,
  record: null,
  ...overrides,
});
