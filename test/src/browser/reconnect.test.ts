import { isDeepStrictEqual } from 'node:util';
import type { TOpeningEvent, TOpeningView } from '@bidhall/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInApi, type StartedServerProcess } from '../harness';
import { type OpenedPage, openPage, screenshot, signIn, skipBrowser, startBrowserSuite } from '../harness/browser';
import { bidFromNode, decryptFromNode, hallFromNode, type NodeBidder, publishSectionClosingSoon } from '../harness/opening';
import { framesDecoded, recordPeerConnections } from '../harness/webrtc';

/** What the issue asks: after any drop the page is live again this soon after the network returns. */
const LIVE_AGAIN_MS = 10_000;
/** How long a measurement may run before it gives up, so that a failure reports what was measured instead of timing out. */
const MEASURE_CAP_MS = 60_000;
/**
 * Access tokens live 45 s on this server, so the 60 s drop outlives the bidders' tokens: they
 * come back with an expired one and must renew it before the gateway lets them in again.
 */
const TOKEN_TTL_SECONDS = 45;
const DEADLINE_LEAD_MS = 40_000;

const forms = {
  bidder1: { price: '4860000.00', durationDays: 300, projectManager: '王建国' },
  bidder2: { price: '4795500.50', durationDays: 320, projectManager: '赵立新' },
  bidder3: { price: '4700000.00', durationDays: 280, projectManager: '钱海峰' },
} as const;

/**
 * The two bidders watch the hall at two addresses of the same server: Socket.IO's client closes
 * its connection by itself when the browser goes offline, except on `localhost` (where the
 * default install is reached), so both ways of losing the connection are exercised.
 */
const watchers = [
  { username: 'bidder1', hostname: 'localhost' },
  { username: 'bidder2', hostname: '127.0.0.1' },
] as const;

interface Watcher {
  username: string;
  hostname: string;
  opened: OpenedPage;
  page: Page;
}

/** What the page shows at a moment: its connection, the opening's state, its log (the events' times, in order), the bids shown decrypted and announced. */
async function shown(page: Page) {
  return page.evaluate(() => ({
    connection: document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state') ?? null,
    state: document.querySelector('[data-testid="opening-state"]')?.getAttribute('data-state') ?? null,
    log: [...document.querySelectorAll('[data-testid="hall-log"] li time')].map((time) => time.getAttribute('datetime') ?? '').reverse(),
    decrypted: document.querySelectorAll('[data-testid="participants"] .tag-decryption-decrypted').length,
    announced: document.querySelectorAll('[data-testid="announcement"] tr[data-announced="true"]').length,
  }));
}

/** The media panel in words, for the log of a measurement: its status and any notice it shows. */
const mediaShown = (page: Page) =>
  page.evaluate(() => {
    const room = document.querySelector('[data-testid="media-room"]');
    const notices = [...(room?.querySelectorAll('[role="alert"]') ?? [])].map((notice) => notice.textContent);
    return [room?.getAttribute('data-status') ?? 'no media room', ...notices].join(' · ');
  });

/** What a hall that missed nothing and applied nothing twice shows: the server's log and view. */
function expectedFrom(view: TOpeningView, events: TOpeningEvent[]) {
  return {
    state: view.state,
    log: events.map((event) => event.at),
    decrypted: view.participants.filter((p) => p.decryption === 'DECRYPTED').length,
    announced: view.participants.filter((p) => p.announcedAt !== null).length,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from `since` until `check` first holds, polled; Infinity when it did not within the cap. */
async function timeUntil(since: number, check: () => Promise<boolean>): Promise<number> {
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - since;
    if (Date.now() - since > MEASURE_CAP_MS) return Number.POSITIVE_INFINITY;
    await sleep(200);
  }
}

describe.skipIf(skipBrowser)('the opening hall across network drops', () => {
  let server: StartedServerProcess;
  let browser: Browser;
  let sectionId: string;
  let hostUserId: string;
  let host: OpenedPage;
  const bidders = new Map<string, NodeBidder>();
  const pages: Watcher[] = [];

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite({ media: true, env: { ACCESS_TOKEN_TTL: String(TOKEN_TTL_SECONDS) } }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  /**
   * Someone acting in the hall from Node, signed in afresh each time (tokens are short here and a
   * connection closes with its token), for one request or a few.
   */
  async function inHall<T>(username: string, act: (hall: Awaited<ReturnType<typeof hallFromNode>>) => Promise<T>): Promise<T> {
    const caller = await signInApi(server.url, username);
    const hall = await hallFromNode(server.url, caller.session.accessToken, sectionId);
    try {
      return await act(hall);
    } finally {
      hall.socket.disconnect();
    }
  }

  /** The server's log and view right now, as the host reads them. */
  const serverSide = () => inHall('agency', async (hall) => expectedFrom(hall.view, hall.events));

  const hostTile = (page: Page) => page.locator(`[data-testid="video-tile"][data-participant="${hostUserId}"]`);

  /** The host's camera plays in the page: its tile shows a picture, and frames keep being decoded. */
  async function videoLive(page: Page): Promise<boolean> {
    if ((await page.locator('[data-testid="media-room"][data-status="live"]').count()) === 0) return false;
    if ((await hostTile(page).and(page.locator('[data-video="playing"]')).count()) === 0) return false;
    const width = await hostTile(page).locator('video').evaluate((video: HTMLVideoElement) => video.videoWidth, undefined, { timeout: 1_000 });
    const before = await framesDecoded(page);
    await sleep(500);
    return width > 0 && (await framesDecoded(page)) > before;
  }

  const setOffline = (offline: boolean) => Promise.all(pages.map(({ page }) => page.context().setOffline(offline)));

  /**
   * Brings the network back to the bidders' pages and measures, for each, how long until it is
   * connected, shows the server's log and view, and plays the host's camera again; then checks
   * that it stays so.
   */
  async function measureReturn(drop: string) {
    const expected = await serverSide();
    const back = Date.now();
    await setOffline(false);
    const measured = await Promise.all(
      pages.map(async ({ username, hostname, page }) => {
        const [connected, hall, video] = await Promise.all([
          timeUntil(back, async () => (await shown(page)).connection === 'connected'),
          timeUntil(back, async () => {
            const { connection: _connection, ...hall } = await shown(page);
            return isDeepStrictEqual(hall, expected);
          }),
          timeUntil(back, () => videoLive(page)),
        ]);
        return { who: `${username} at ${hostname}`, page, connected, hall, video, media: await mediaShown(page) };
      }),
    );
    console.log(`${drop}: ${measured.map((m) => `${m.who}: connected ${m.connected} ms, hall ${m.hall} ms, video ${m.video} ms (${m.media})`).join('; ')}`);
    for (const m of measured) {
      expect(m.connected, `${drop}: ${m.who} was connected again ${m.connected} ms after the network returned`).toBeLessThanOrEqual(LIVE_AGAIN_MS);
      expect(m.hall, `${drop}: ${m.who} showed every missed event and the current state ${m.hall} ms after the network returned`).toBeLessThanOrEqual(LIVE_AGAIN_MS);
      expect(m.video, `${drop}: ${m.who} played the host's camera again ${m.video} ms after the network returned`).toBeLessThanOrEqual(LIVE_AGAIN_MS);
    }
    // And it stays so: no late reconnection, no event applied twice, the picture still moving.
    await sleep(5_000);
    const later = await serverSide();
    for (const { who, page } of measured) {
      const now = await shown(page);
      expect({ who, ...now }).toEqual({ who, connection: 'connected', ...later });
      expect(await videoLive(page), `${drop}: ${who} still plays the host's camera`).toBe(true);
    }
  }

  it('has the host broadcasting and two bidders watching the hall past the deadline', async () => {
    const agency = await signInApi(server.url, 'agency');
    hostUserId = agency.session.user.id;
    const section = await publishSectionClosingSoon(server.url, DEADLINE_LEAD_MS, { name: '鼎城市断网重连测试工程' });
    sectionId = section.sectionId;
    for (const [username, form] of Object.entries(forms)) bidders.set(username, await bidFromNode(server.url, username, sectionId, form));
    expect(Date.now()).toBeLessThan(section.deadline.getTime() - 5_000);

    host = await openPage(browser, { timeout: 30_000, initScript: recordPeerConnections });
    await host.page.goto(`${server.url}/`);
    await signIn(host.page, 'agency');
    await host.page.goto(`${server.url}/openings/${sectionId}`);
    await host.page.getByRole('heading', { level: 1, name: '主持人控制台' }).waitFor();
    await host.page.getByRole('button', { name: '开启摄像头和麦克风加入' }).click();
    await host.page.locator('[data-testid="video-tile"][data-self][data-video="playing"]').waitFor();

    for (const { username, hostname } of watchers) {
      const opened = await openPage(browser, { timeout: 30_000, initScript: recordPeerConnections });
      const origin = server.url.replace('127.0.0.1', hostname);
      await opened.page.goto(`${origin}/`);
      await signIn(opened.page, username);
      await opened.page.goto(`${origin}/openings/${sectionId}`);
      await opened.page.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
      pages.push({ username, hostname, opened, page: opened.page });
    }
    for (const { page } of [host, ...pages]) await page.locator('[data-testid="opening-state"][data-state="DEADLINE"]').waitFor({ timeout: DEADLINE_LEAD_MS + 30_000 });
    for (const { page } of pages) {
      await page.getByRole('button', { name: '加入观看和收听' }).click();
      await expect.poll(() => videoLive(page), { timeout: 30_000 }).toBe(true);
    }
  }, 180_000);

  it('is live again within 10 s after an 8 s drop, with the decryption that started meanwhile', async () => {
    const offlineAt = Date.now();
    await setOffline(true);
    await inHall('agency', (hall) => hall.request('opening:start', {}));
    expect(await inHall('bidder3', (hall) => decryptFromNode(hall, bidders.get('bidder3')!))).toEqual({ decryption: 'DECRYPTED' });
    await sleep(offlineAt + 8_000 - Date.now());
    await measureReturn('8 s drop');
  }, 120_000);

  it('is live again within 10 s after a 60 s drop that outlived the access tokens', async () => {
    const offlineAt = Date.now();
    await setOffline(true);
    expect(await inHall('bidder1', (hall) => decryptFromNode(hall, bidders.get('bidder1')!))).toEqual({ decryption: 'DECRYPTED' });
    await sleep(offlineAt + 60_000 - Date.now());
    await measureReturn('60 s drop');
  }, 180_000);

  it('is live again within 10 s when the server restarted during the drop', async () => {
    const offlineAt = Date.now();
    await setOffline(true);
    server = await server.restart();
    const restartedAt = Date.now();
    // The host, whose network stayed up, finds the platform again by itself and broadcasts anew.
    const hostBack = await timeUntil(restartedAt, async () => (await shown(host.page)).connection === 'connected');
    expect(hostBack, `the host was connected again ${hostBack} ms after the server restarted`).toBeLessThanOrEqual(LIVE_AGAIN_MS);
    await host.page.locator('[data-testid="media-room"][data-status="live"]').waitFor();
    // The last bid is decrypted and the host announces them all while the bidders are away.
    expect(await inHall('bidder2', (hall) => decryptFromNode(hall, bidders.get('bidder2')!))).toEqual({ decryption: 'DECRYPTED' });
    await host.page.locator('[data-testid="opening-state"][data-state="ANNOUNCING"]').waitFor();
    await inHall('agency', (hall) => hall.request('opening:announceRest', {}));
    await sleep(offlineAt + 8_000 - Date.now());
    await measureReturn('drop with a server restart');
    for (const { page, username } of pages) await screenshot(page, `opening-hall-reconnected-${username}`);

    // Nothing went wrong in the pages but what a network drop makes the browser report.
    for (const { problems } of [host, ...pages.map((p) => p.opened)]) expect(problems.filter((problem) => !/^console: WebSocket connection to .* failed/.test(problem))).toEqual([]);
  }, 180_000);
});
