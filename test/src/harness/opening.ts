// What the browser tests of the opening hall share: a section about to close, bids sealed from
// Node, and the other offices in the hall over their own sockets.
import type { Ack, ClientToServerEvents, ServerToClientEvents, TOpeningEvent, TOpeningView, TProject } from '@bidhall/contracts';
import { type BidderKey, encryptEnvelope, exportPrivateKey, generateBidderKeyPair, inspectEnvelope, unwrapContentKey } from '@bidhall/contracts/envelope';
import type { Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { type ApiSession, signInApi } from './api-session';

export const OPENING_SCORING_TEMPLATE = {
  method: 'COMPREHENSIVE',
  technical: [{ key: 'constructionPlan', label: '施工组织设计', maxPoints: 30 }],
  commercial: [{ key: 'track', label: '类似工程业绩', maxPoints: 10 }],
  price: { maxPoints: 60, benchmark: { kind: 'LOWEST_VALID' }, deductPerPercentAbove: 1, deductPerPercentBelow: 0.5 },
  deviationAlertPercent: 20,
};

export const OPENING_FORM_FIELDS = [
  { key: 'price', label: '投标报价', type: 'money', unit: '元' },
  { key: 'durationDays', label: '工期', type: 'integer', unit: '日历天' },
  { key: 'projectManager', label: '项目经理', type: 'text' },
];

/** What a bidder fills in the opening form (开标一览表) of the sections made here. */
export interface OpeningForm {
  price: string;
  durationDays: number;
  projectManager: string;
}

/** The three demo bidders' opening forms, and each price as the hall shows it. */
export const OPENING_BIDS = {
  bidder1: { price: '4860000.00', durationDays: 300, projectManager: '王建国', shown: '4,860,000.00' },
  bidder2: { price: '4795500.50', durationDays: 320, projectManager: '赵立新', shown: '4,795,500.50' },
  // Above the section's ceiling price (4,950,000.00): flagged in the announcement, not excluded.
  bidder3: { price: '4950000.50', durationDays: 280, projectManager: '钱海峰', shown: '4,950,000.50' },
} as const;
export type OpeningBidder = keyof typeof OPENING_BIDS;

export interface ClosingSection {
  projectId: string;
  projectName: string;
  sectionId: string;
  deadline: Date;
}

/**
 * The agency publishes a project with one section (施工标段, ceiling 4,950,000.00) whose bid
 * deadline is `leadMs` away, five minutes of sign-in before it and ten of decryption after (or
 * `decryptWindowMinutes`): an opening a test can reach. A unique code follows the project's name.
 */
export async function publishSectionClosingSoon(url: string, leadMs: number, options: { name?: string; decryptWindowMinutes?: number } = {}): Promise<ClosingSection> {
  const agency = await signInApi(url, 'agency');
  const demo = await agency.call<{ items: TProject[] }>('GET', '/api/projects');
  const code = `OPEN-${Date.now().toString(36).toUpperCase()}`;
  const projectName = `${options.name ?? '鼎城市环城北路改造工程'} ${code}`;
  const project = await agency.call<TProject>('POST', '/api/projects', {
    code,
    name: projectName,
    type: 'ENGINEERING',
    regionCode: '320500',
    estimatedPrice: '5000000.00',
    // Not one the law requires to be tendered: its deadline may be moments away.
    mandatoryTender: false,
    tendererOrgId: demo.items[0]!.tenderer.id,
    description: '不见面开标浏览器测试',
  });
  const deadline = new Date(Date.now() + leadMs);
  await agency.call('POST', `/api/projects/${project.id}/sections`, {
    code: '01',
    name: '施工标段',
    estimatedPrice: '5000000.00',
    ceilingPrice: '4950000.00',
    bondAmount: '100000.00',
    bidValidityDays: 90,
    bidDeadline: deadline.toISOString(),
    signInLeadMinutes: 5,
    decryptWindowMinutes: options.decryptWindowMinutes ?? 10,
    evaluationMethod: 'COMPREHENSIVE',
    scoringTemplate: OPENING_SCORING_TEMPLATE,
    openingFormFields: OPENING_FORM_FIELDS,
  });
  const published = await agency.call<TProject>('POST', `/api/projects/${project.id}/publish`);
  return { projectId: project.id, projectName, sectionId: published.sections[0]!.id, deadline };
}

/** A bidder set up from Node: its key registered, its envelope uploaded and receipted. */
export interface NodeBidder {
  caller: ApiSession;
  key: BidderKey;
  envelope: Uint8Array<ArrayBuffer>;
  /** The private key as a password-protected backup file, for a browser to import. */
  keyFile(password: string): Promise<Buffer>;
}

/** A bidder's key made and registered, and a bid with `form` encrypted to it and uploaded, as the bid page would. */
export async function bidFromNode(url: string, username: string, sectionId: string, form: OpeningForm): Promise<NodeBidder> {
  const caller = await signInApi(url, username);
  const key = await generateBidderKeyPair();
  await caller.call('POST', '/api/bidder/keys', { publicJwk: key.publicJwk, label: `${username} e2e` });
  const file = new TextEncoder().encode(`${username} 投标文件 `.repeat(500));
  const sealed = await encryptEnvelope({
    recipients: [key.publicJwk],
    // Only the section's fields: anything more makes the opening form invalid when it is decrypted.
    form: { price: form.price, durationDays: form.durationDays, projectManager: form.projectManager },
    fileName: '投标文件.pdf',
    source: new Blob([file]).stream(),
    size: file.length,
  });
  const envelope = new Uint8Array(await new Response(sealed.stream).arrayBuffer());
  const upload = await caller.call<{ uploadId: string }>('POST', `/api/sections/${sectionId}/uploads`, { size: envelope.length });
  await caller.send('PUT', `/api/uploads/${upload.uploadId}?offset=0`, { data: envelope, type: 'application/octet-stream' });
  const receipt = await caller.call<{ sha256: string }>('POST', `/api/uploads/${upload.uploadId}/complete`);
  expect(receipt.sha256).toMatch(/^[0-9a-f]{64}$/);
  return { caller, key, envelope, keyFile: async (password) => Buffer.from(JSON.stringify(await exportPrivateKey(key, password))) };
}

export type NodeHallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Someone in the hall over a socket of their own, as another office would be: joined, with every event so far. */
export async function hallFromNode(url: string, accessToken: string, sectionId: string) {
  const socket: NodeHallSocket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token: accessToken } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const request = async <T,>(event: string, payload: Record<string, unknown>): Promise<T> => {
    const emitter = socket.timeout(30_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack<T>> };
    const ack = await emitter.emitWithAck(event, { sectionId, ...payload });
    if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  };
  const { view, events } = await request<{ view: TOpeningView; events: TOpeningEvent[] }>('opening:join', { afterSeq: 0 });
  return { socket, request, view, events };
}

/** The bidder decrypts its own bid in the hall, with the key it bid with. */
export async function decryptFromNode(hall: Awaited<ReturnType<typeof hallFromNode>>, bidder: Pick<NodeBidder, 'key' | 'envelope'>) {
  const contentKey = Buffer.from(await unwrapContentKey(inspectEnvelope(bidder.envelope), bidder.key)).toString('base64url');
  return hall.request<{ decryption: string }>('opening:decrypt', { contentKey });
}

/** Waits until the hall on `page` shows the opening in `state`. */
export const openingStateIs = (page: Page, state: string, timeout?: number) =>
  page.locator(`[data-testid="opening-state"][data-state="${state}"]`).waitFor(timeout === undefined ? {} : { timeout });
