import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type ServerProcess } from '../harness';
import { expectAccessible, openPage, signIn, skipBrowser, startBrowserSuite } from '../harness/browser';
import { expectFocus, tabTo } from '../harness/keyboard';
import { bidFromNode, decryptFromNode, hallFromNode, type NodeHallSocket, OPENING_BIDS, openingStateIs as stateIs, publishSectionClosingSoon } from '../harness/opening';

/**
 * Long enough for both people to sign in, for the bidder to store its key and sign in at the hall,
 * all by keyboard on a busy machine, before the deadline.
 */
const DEADLINE_LEAD_MS = 75_000;
const KEY_PASSWORD = 'keyboard-key-password';

/**
 * GB/T 37668-2019 (WCAG 2.x AA): pages the other browser suites do not reach are checked here with
 * axe; and the opening hall is run from start to end with the keyboard alone. The other suites
 * check every page they visit with `expectAccessible` too.
 */
describe.skipIf(skipBrowser)('accessibility in a browser', () => {
  let server: ServerProcess & { cleanup(): Promise<void> };
  let browser: Browser;
  const sockets: NodeHallSocket[] = [];

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await browser?.close();
    await server?.cleanup();
  });

  it('fails a page on its serious and critical violations, naming each rule and element, and only reports the moderate ones', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.setContent('<html lang="zh-CN"><head><title>检查</title></head><body><main><h1>标题</h1><button></button><p style="color:#b0b0b0">浅色文字</p></main></body></html>');
      const failure = await expectAccessible(page, 'harness-broken').then(
        () => null,
        (error: unknown) => String(error),
      );
      expect(failure).toMatch(/2 serious or critical violation\(s\)/);
      expect(failure).toMatch(/button-name \(critical\) at button: .+ \[https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/button-name/);
      expect(failure).toMatch(/color-contrast \(serious\) at p: .*contrast of 2\.\d+/);
      // Content outside any landmark is a moderate finding: printed, not failed.
      await page.setContent('<html lang="zh-CN"><head><title>检查</title></head><body><main><h1>标题</h1></main><p>落在地标之外</p></body></html>');
      await expectAccessible(page, 'harness-moderate');
    } finally {
      await close();
    }
  });

  it('the administrator’s organizations and a page that does not exist pass axe, in Chinese and in English', async () => {
    const { page, problems, close } = await openPage(browser);
    try {
      await page.goto(`${server.url}/`);
      await signIn(page, 'admin');
      await page.goto(`${server.url}/admin/organizations?status=ACTIVE`);
      await page.getByRole('row', { name: /华建工程有限公司/ }).waitFor();
      await expectAccessible(page, 'organizations');
      await page.goto(`${server.url}/no-such-page`);
      await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
      await expectAccessible(page, 'not-found');
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.goto(`${server.url}/admin/organizations?status=ALL`);
      await page.getByRole('row', { name: /华建工程有限公司/ }).waitFor();
      await expectAccessible(page, 'organizations-en');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  /** Signs in on the login page from the keyboard: Tab to the fields, type, Enter. */
  async function signInByKeyboard(page: Page, username: string, workspace: string): Promise<void> {
    await page.goto(`${server.url}/login`);
    await tabTo(page, page.getByLabel('用户名'));
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: workspace }).waitFor();
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
  }

  it('runs the opening hall with the keyboard alone: the bidder signs in, decrypts with its stored key, objects and confirms; the host starts, answers and closes', async () => {
    const { projectName, sectionId, deadline } = await publishSectionClosingSoon(server.url, DEADLINE_LEAD_MS);
    const [bidder1, bidder2, bidder3] = await Promise.all((['bidder1', 'bidder2', 'bidder3'] as const).map((name) => bidFromNode(server.url, name, sectionId, OPENING_BIDS[name])));
    await bidder1!.caller.call('PUT', `/api/sections/${sectionId}/registration`);
    const keyFile = await bidder1!.keyFile(KEY_PASSWORD);

    const bidder = await openPage(browser, { timeout: 20_000 });
    const host = await openPage(browser, { timeout: 20_000 });
    const b = bidder.page;
    const a = host.page;
    try {
      // The skip link is the first stop after signing in, shows itself, and takes focus past the header.
      await signInByKeyboard(b, 'bidder1', '投标人工作台');
      await b.keyboard.press('Tab');
      const skip = b.getByRole('link', { name: '跳到主要内容' });
      await expectFocus(skip);
      expect((await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0);
      await b.keyboard.press('Enter');
      await expectFocus(b.locator('main'));

      // The bidder stores its key on this computer from the backup file: the menu is behind the main content, so Shift+Tab.
      const menu = b.getByRole('navigation', { name: '主导航' });
      await tabTo(b, menu.getByRole('link', { name: '投标密钥' }), { backwards: true });
      await b.keyboard.press('Enter');
      const importer = b.getByRole('form', { name: '导入密钥备份文件' });
      await tabTo(b, importer.getByLabel('密钥备份文件（.json）'));
      const [chooser] = await Promise.all([b.waitForEvent('filechooser'), b.keyboard.press('Space')]);
      await chooser.setFiles({ name: 'bidhall-bidder-key.json', mimeType: 'application/json', buffer: keyFile });
      await tabTo(b, importer.getByLabel('备份文件密码'));
      await b.keyboard.type(KEY_PASSWORD);
      await b.keyboard.press('Enter');
      await b.locator('[data-testid="key-standing"][data-standing="active"]').first().waitFor();

      // To the hall from its sections; the navigation puts focus on the new page's content.
      await tabTo(b, menu.getByRole('link', { name: '我的标段' }), { backwards: true });
      await b.keyboard.press('Enter');
      await expectFocus(b.locator('main'));
      await tabTo(b, b.getByRole('link', { name: `进入“${projectName} · 施工标段”的开标大厅` }));
      await b.keyboard.press('Enter');
      await b.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
      await stateIs(b, 'SIGN_IN');
      // 签到: the button goes once it has done its job, and focus stays on the step, which now says so.
      await tabTo(b, b.getByRole('button', { name: '签到', exact: true }));
      await b.keyboard.press('Enter');
      await b.getByTestId('signed-in').getByText('已签到').waitFor();
      await expectFocus(b.getByRole('region', { name: '签到', exact: true }));

      // The host opens the console from its projects.
      await signInByKeyboard(a, 'agency', '招标代理机构工作台');
      await tabTo(a, a.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '招标项目' }));
      await a.keyboard.press('Enter');
      await tabTo(a, a.getByRole('link', { name: projectName }));
      await a.keyboard.press('Enter');
      await tabTo(a, a.getByRole('link', { name: '进入“标段 01 · 施工标段”的开标大厅' }));
      await a.keyboard.press('Enter');
      await a.getByRole('heading', { level: 1, name: '主持人控制台' }).waitFor();
      expect(Date.now()).toBeLessThan(deadline.getTime());

      // After the deadline the host starts decryption. The confirmation holds focus: Escape cancels and
      // returns to the button, Tab and Shift+Tab go round its two buttons, Space confirms.
      await stateIs(a, 'DEADLINE', DEADLINE_LEAD_MS + 15_000);
      const start = a.getByRole('button', { name: '开始解密' });
      await tabTo(a, start);
      await a.keyboard.press('Enter');
      const dialog = a.getByRole('alertdialog');
      const confirmStart = dialog.getByRole('button', { name: '开始解密' });
      const cancel = dialog.getByRole('button', { name: '取消' });
      await expectFocus(confirmStart);
      await a.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expectFocus(start);
      await a.keyboard.press('Enter');
      await expectFocus(confirmStart);
      await a.keyboard.press('Tab');
      await expectFocus(cancel);
      await a.keyboard.press('Tab');
      await expectFocus(confirmStart);
      await a.keyboard.press('Shift+Tab');
      await expectFocus(cancel);
      await a.keyboard.press('Shift+Tab');
      await expectFocus(confirmStart);
      await a.keyboard.press('Space');
      await stateIs(a, 'DECRYPTING');
      await expectFocus(a.getByRole('region', { name: '主持人操作', exact: true }));

      // The phase change brings the bidder's focus to its panel, where the decryption now waits; its stored key opens the bid.
      await stateIs(b, 'DECRYPTING');
      await expectFocus(b.getByRole('region', { name: '本单位', exact: true }));
      await tabTo(b, b.getByRole('button', { name: '解密投标文件' }));
      await b.keyboard.press('Enter');
      await b.getByTestId('decrypted').waitFor();
      await expectFocus(b.getByRole('region', { name: '解密投标文件', exact: true }));

      // The other two offices decrypt over their sockets; the host announces the first bid, then the rest.
      const [node2, node3] = await Promise.all([hallFromNode(server.url, bidder2!.caller.session.accessToken, sectionId), hallFromNode(server.url, bidder3!.caller.session.accessToken, sectionId)]);
      sockets.push(node2.socket, node3.socket);
      expect(await decryptFromNode(node2, bidder2!)).toEqual({ decryption: 'DECRYPTED' });
      expect(await decryptFromNode(node3, bidder3!)).toEqual({ decryption: 'DECRYPTED' });
      await stateIs(a, 'ANNOUNCING');
      const controls = a.getByTestId('announce-controls');
      await tabTo(a, controls.getByRole('button', { name: /^唱标：第 \d 号/ }));
      await a.keyboard.press('Enter');
      await controls.getByText(/已唱标 [12] \/ 3 家。/).waitFor();
      await tabTo(a, controls.getByRole('button', { name: /^唱出其余 \d 家$/ }));
      await a.keyboard.press('Enter');
      await stateIs(a, 'CONFIRMING');

      // The bidder raises an objection: typed in, sent with Enter on the button, acknowledged in a live region.
      await stateIs(b, 'CONFIRMING');
      const objection = '第 2 号投标人的工期与招标文件要求不一致，请主持人核实。';
      await tabTo(b, b.getByLabel('异议内容'));
      await b.keyboard.type(objection);
      await tabTo(b, b.getByRole('button', { name: '提出异议' }));
      await b.keyboard.press('Enter');
      await b.getByRole('status').filter({ has: b.locator('[data-testid="objection-sent"][data-state="waiting"]') }).waitFor();

      // The host answers it; focus stays on the objection, now answered.
      const answerForm = a.getByRole('form', { name: '答复华建工程有限公司的异议' });
      await tabTo(a, answerForm.getByLabel('答复'));
      const answer = '工期以投标文件正文为准，评标委员会评审时核验。';
      await a.keyboard.type(answer);
      await tabTo(a, answerForm.getByRole('button', { name: '答复' }));
      await a.keyboard.press('Enter');
      await expectFocus(a.getByTestId('objections').getByRole('listitem').filter({ hasText: answer }));

      // The bidder sees the answer and goes back up to confirm the record.
      await b.locator('[data-testid="objection-sent"][data-state="answered"]').waitFor();
      await tabTo(b, b.getByRole('button', { name: '确认开标记录' }), { backwards: true });
      await b.keyboard.press('Enter');
      await b.getByTestId('confirmed').waitFor();
      await node2.request('opening:confirm', {});

      // The host closes the opening; both find focus on the outcome.
      await a.getByTestId('confirm-progress').getByText('已确认开标记录 2 / 3 家。').waitFor();
      await tabTo(a, a.getByRole('button', { name: '结束开标' }), { backwards: true });
      await a.keyboard.press('Enter');
      await expectFocus(a.getByRole('alertdialog').getByRole('button', { name: '结束开标' }));
      await a.keyboard.press('Enter');
      await stateIs(a, 'CLOSED');
      await expectFocus(a.getByRole('region', { name: '开标结果', exact: true }));
      await stateIs(b, 'CLOSED');
      await expectFocus(b.getByRole('region', { name: '开标结果', exact: true }));
      await b.getByTestId('hall-log').getByText('进入“开标结束”阶段').waitFor();

      expect(bidder.problems).toEqual([]);
      expect(host.problems).toEqual([]);
    } finally {
      await Promise.all([bidder.close(), host.close()]);
    }
  }, 240_000);
});
