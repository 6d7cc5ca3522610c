import type { TProject } from '@bidhall/contracts';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, signInApi } from '../harness';
import { expectAccessible, type OpenedPage, openPage, screenshot, signIn, skipBrowser, startBrowserSuite } from '../harness/browser';
import { framesDecoded, openPeerConnections, recordPeerConnections } from '../harness/webrtc';

describe.skipIf(skipBrowser)('the evaluation room in Chromium, expert to expert', () => {
  let server: ServerProcess & { cleanup(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite({ media: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  /** A browser profile of its own (one per person), signed in, failing the test on any script or console error. */
  async function openBrowser(username: string): Promise<OpenedPage> {
    const opened = await openPage(browser, { timeout: 20_000, initScript: recordPeerConnections });
    await opened.page.goto(`${server.url}/`);
    await signIn(opened.page, username);
    return opened;
  }

  /** The tile showing `userId` in a page's video grid. */
  const tileOf = (page: Page, userId: string) => page.locator(`[data-testid="video-tile"][data-participant="${userId}"]`);

  /** The demo's published project (its opening some minutes ahead) and its section. */
  async function demoSection() {
    const supervisor = await signInApi(server.url, 'supervisor');
    const projects = await supervisor.call<{ items: TProject[] }>('GET', '/api/projects');
    const project = projects.items.find((p) => p.name === '鼎城市滨江大道改造工程' && p.status === 'PUBLISHED');
    return { supervisor, project: project!, section: project!.sections[0]! };
  }

  it("broadcasts the host's camera from the opening hall to a bidder, who only watches", async () => {
    const { section } = await demoSection();
    const host = await openBrowser('agency');
    const bidder = await openBrowser('bidder1');
    const h = host.page;
    const v = bidder.page;
    await h.goto(`${server.url}/openings/${section.id}`);
    await h.getByRole('heading', { level: 1, name: '主持人控制台' }).waitFor();
    // The host first watches, then turns the camera on in place: the server offers the lines to send on.
    await h.getByRole('button', { name: '仅观看和收听' }).click();
    await h.getByRole('button', { name: '开启摄像头和麦克风', exact: true }).click();
    await h.locator('[data-testid="video-tile"][data-self][data-video="playing"]').waitFor();

    await v.goto(`${server.url}/openings/${section.id}`);
    await v.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
    expect(await v.getByRole('button', { name: '开启摄像头和麦克风加入' }).count()).toBe(0);
    await v.getByRole('button', { name: '加入观看和收听' }).click();
    // The tile names the host as the host signed in.
    await v.getByRole('figure', { name: '李招标' }).and(v.locator('[data-video="playing"]')).waitFor();
    await expect.poll(() => framesDecoded(v), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(v, 'opening-hall-video-bidder');
    await expectAccessible(v, 'opening-bidder-video');

    // The host turns the camera off: the bidder's tile says so instead of freezing on the last frame.
    await h.getByRole('button', { name: '关闭摄像头' }).click();
    await v.locator('[data-testid="video-tile"][data-video-muted][data-video="waiting"]').getByText('摄像头已关闭').first().waitFor();
    await screenshot(h, 'opening-hall-video-host');
    await expectAccessible(h, 'opening-host-video');

    await h.getByRole('button', { name: '离开音视频' }).click();
    await v.getByText('还没有人开启摄像头或麦克风。').waitFor();
    expect(host.problems).toEqual([]);
    expect(bidder.problems).toEqual([]);
  }, 90_000);

  it('lets two seated experts see and hear each other, shows a mute across, and frees the tile on leave', async () => {
    // A supervisor seats expert1 and expert2 on the committee of the demo section.
    const { supervisor, project: demo, section } = await demoSection();
    const [expert1, expert2] = await Promise.all([signInApi(server.url, 'expert1'), signInApi(server.url, 'expert2')]);
    const seated = await supervisor.call<{ members: { userId: string }[] }>('PUT', `/api/sections/${section.id}/committee`, {
      expertUserIds: [expert1.session.user.id, expert2.session.user.id],
    });
    expect(seated.members).toHaveLength(2);
    const id1 = expert1.session.user.id;
    const id2 = expert2.session.user.id;

    // expert1 finds the room from its committees; expert2 opens it by its address.
    const one = await openBrowser('expert1');
    const two = await openBrowser('expert2');
    const a = one.page;
    const b = two.page;
    await a.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '评标委员会' }).click();
    await a.getByRole('link', { name: `进入“${demo.name} · ${section.name}”的评标室` }).waitFor();
    await expectAccessible(a, 'committees');
    await a.getByRole('link', { name: `进入“${demo.name} · ${section.name}”的评标室` }).click();
    await b.goto(`${server.url}/evaluation/${section.id}`);
    for (const page of [a, b]) {
      await page.getByRole('heading', { level: 1, name: '评标室' }).waitFor();
      await page.getByRole('button', { name: '开启摄像头和麦克风加入' }).click();
      await page.locator('[data-testid="media-room"][data-status="live"]').waitFor();
    }

    // Each decodes the other's camera: the tile plays, and the browser's statistics count decoded frames.
    await tileOf(a, id2).and(a.locator('[data-video="playing"]')).waitFor();
    await tileOf(b, id1).and(b.locator('[data-video="playing"]')).waitFor();
    await expect.poll(() => framesDecoded(a), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => framesDecoded(b), { timeout: 15_000 }).toBeGreaterThan(0);
    await a.getByRole('figure', { name: '冯专家' }).waitFor();
    await b.getByRole('figure', { name: '郑专家' }).waitFor();
    await a.getByRole('figure', { name: '郑专家（我）' }).waitFor();
    await a.getByTestId('committee-members').locator('li[data-present]').nth(1).waitFor();
    await expect.poll(() => a.getByTestId('media-quality').getAttribute('data-quality'), { timeout: 10_000 }).not.toBe('unknown');

    // A supervisor watches the same room, unseen by the experts.
    const watcher = await openBrowser('supervisor');
    const w = watcher.page;
    await w.goto(`${server.url}/evaluation/${section.id}`);
    await w.getByRole('heading', { level: 1, name: '评标室（监督）' }).waitFor();
    expect(await w.getByRole('button', { name: '开启摄像头和麦克风加入' }).count()).toBe(0);
    await w.getByRole('button', { name: '加入观看和收听' }).click();
    await tileOf(w, id1).and(w.locator('[data-video="playing"]')).waitFor();
    await tileOf(w, id2).and(w.locator('[data-video="playing"]')).waitFor();
    expect(await a.locator('[data-testid="video-tile"]').count()).toBe(2);
    await screenshot(w, 'evaluation-room-supervisor');
    await expectAccessible(w, 'evaluation-room-supervisor');

    // expert1 mutes the microphone: expert2 and the supervisor see it on expert1's tile.
    await a.getByRole('button', { name: '关闭麦克风' }).click();
    await a.getByRole('button', { name: '打开麦克风' }).waitFor();
    await tileOf(b, id1).and(b.locator('[data-audio-muted]')).getByText('已静音').waitFor();
    await tileOf(w, id1).and(w.locator('[data-audio-muted]')).waitFor();
    await screenshot(a, 'evaluation-room-expert1');
    await screenshot(b, 'evaluation-room-expert2');
    await expectAccessible(a, 'evaluation-room-muted');
    await expectAccessible(b, 'evaluation-room-expert');
    await a.getByRole('button', { name: '打开麦克风' }).click();
    await tileOf(b, id1).and(b.locator(':not([data-audio-muted])')).waitFor();

    // expert1 leaves: the tile goes from the others' grids, and its own page lets go of the connection.
    await a.getByRole('button', { name: '离开音视频' }).click();
    await a.locator('[data-testid="media-room"][data-status="idle"]').waitFor();
    await a.getByRole('button', { name: '开启摄像头和麦克风加入' }).waitFor();
    expect(await openPeerConnections(a)).toBe(0);
    await tileOf(b, id1).waitFor({ state: 'detached' });
    await tileOf(w, id1).waitFor({ state: 'detached' });
    await tileOf(w, id2).waitFor();
    expect(await tileOf(b, id2).count()).toBe(1);

    expect(one.problems).toEqual([]);
    expect(two.problems).toEqual([]);
    expect(watcher.problems).toEqual([]);
  }, 120_000);
});
