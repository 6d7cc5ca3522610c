import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess } from '../harness';
import { expectAccessible, openPage, screenshot, signIn, skipBrowser, startBrowserSuite } from '../harness/browser';
import { bidFromNode, decryptFromNode, hallFromNode, type NodeBidder, type NodeHallSocket, OPENING_BIDS as bids, openingStateIs as stateIs, publishSectionClosingSoon } from '../harness/opening';

/** Far enough ahead for the bids to be uploaded and bidder1 and the host to reach the hall, near enough to keep the test short. */
const DEADLINE_LEAD_MS = 50_000;
const KEY_PASSWORD = 'opening-key-password';

describe.skipIf(skipBrowser)('the opening hall in a browser', () => {
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

  /** Another office in the hall over its own socket, disconnected after the suite. */
  async function officeInHall(bidder: NodeBidder, sectionId: string) {
    const office = await hallFromNode(server.url, bidder.caller.session.accessToken, sectionId);
    sockets.push(office.socket);
    return office;
  }

  const shot = screenshot;

  it('takes bidder1 from sign-in to the closed record while the host runs the console', async () => {
    // The agency sets up a section whose deadline is moments away.
    const { projectId, projectName, sectionId, deadline } = await publishSectionClosingSoon(server.url, DEADLINE_LEAD_MS);

    // Three bidders bid from Node; bidder1's key goes to its office computer as a backup file.
    const [bidder1, bidder2, bidder3] = await Promise.all((['bidder1', 'bidder2', 'bidder3'] as const).map((name) => bidFromNode(server.url, name, sectionId, bids[name])));
    await bidder1!.caller.call('PUT', `/api/sections/${sectionId}/registration`);
    const keyFile = await bidder1!.keyFile(KEY_PASSWORD);
    expect(Date.now()).toBeLessThan(deadline.getTime() - 15_000);

    const hall = await openPage(browser, { timeout: 20_000 });
    const host = await openPage(browser, { timeout: 20_000 });
    const b = hall.page;
    const a = host.page;

    // bidder1 finds the hall from its sections and signs in while the countdown runs.
    await b.goto(`${server.url}/`);
    await signIn(b, 'bidder1');
    await b.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的标段' }).click();
    await b.getByRole('link', { name: `进入“${projectName} · 施工标段”的开标大厅` }).click();
    await b.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
    // This server runs without the media plane: the hall says so and works on.
    await b.getByText('本平台未开启音视频服务，其余功能不受影响。').waitFor();
    await stateIs(b, 'SIGN_IN');
    const countdown = b.getByRole('timer').first();
    const startedAt = await countdown.textContent();
    expect(startedAt).toMatch(/^剩余 00:00:\d\d$/);
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(startedAt);
    await b.getByText('投标截止前，任何人都不能得知投标人名单').waitFor();
    await b.getByRole('button', { name: '签到', exact: true }).click();
    await b.getByTestId('signed-in').getByText('已签到').waitFor();
    await shot(b, 'opening-hall-sign-in');
    await expectAccessible(b, 'opening-bidder-sign-in');

    // The host opens its console from the project page.
    await a.goto(`${server.url}/`);
    await signIn(a, 'agency');
    await a.goto(`${server.url}/projects/${projectId}`);
    await a.getByRole('link', { name: '进入“标段 01 · 施工标段”的开标大厅' }).click();
    await a.getByRole('heading', { level: 1, name: '主持人控制台' }).waitFor();
    await stateIs(a, 'SIGN_IN');
    await expectAccessible(a, 'opening-host-sign-in');

    // The deadline passes by the server's clock: the list of bidders becomes visible to everyone.
    await stateIs(b, 'DEADLINE', DEADLINE_LEAD_MS + 15_000);
    const participants = b.getByTestId('participants');
    await expect.poll(() => participants.locator('tbody tr').count()).toBe(3);
    await participants.getByRole('row', { name: /华建工程有限公司.*本单位/ }).getByText('待解密').waitFor();
    await stateIs(a, 'DEADLINE');
    await shot(a, 'opening-console-deadline');
    await expectAccessible(a, 'opening-host-deadline');
    await expectAccessible(b, 'opening-bidder-deadline');

    const [node2, node3] = await Promise.all([officeInHall(bidder2!, sectionId), officeInHall(bidder3!, sectionId)]);

    await a.getByRole('button', { name: '开始解密' }).click();
    await a.getByRole('alertdialog').waitFor();
    await expectAccessible(a, 'opening-host-start-confirm');
    await a.getByRole('alertdialog').getByRole('button', { name: '开始解密' }).click();
    await stateIs(a, 'DECRYPTING');
    await stateIs(b, 'DECRYPTING');

    // No key on this computer: the failure is reported as evidence, and bidder1 imports its key backup within the window.
    const decrypt = b.getByTestId('decrypt-panel');
    await decrypt.getByRole('button', { name: '解密投标文件' }).click();
    await decrypt.locator('[data-code="NO_KEY"]').waitFor();
    await decrypt.getByText('失败原因已报告平台').waitFor();
    await shot(b, 'opening-hall-no-key');
    await expectAccessible(b, 'opening-bidder-no-key');
    await a.getByTestId('attempts').getByRole('row', { name: /华建工程有限公司.*投标人浏览器报告.*投标人本地错误.*没有保存本单位的私钥/ }).waitFor();
    await b.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投标密钥' }).click();
    const importer = b.getByRole('form', { name: '导入密钥备份文件' });
    await importer.getByLabel('密钥备份文件（.json）').setInputFiles({ name: 'bidhall-bidder-key.json', mimeType: 'application/json', buffer: keyFile });
    await importer.getByLabel('备份文件密码').fill(KEY_PASSWORD);
    await importer.getByRole('button', { name: '导入' }).click();
    await b.locator('[data-testid="key-standing"][data-standing="active"]').waitFor();
    await b.goBack();
    await stateIs(b, 'DECRYPTING');
    await decrypt.getByRole('button', { name: '解密投标文件' }).click();
    await b.getByTestId('decrypted').waitFor();
    await a.getByTestId('decrypt-progress').getByText('已解密 1 / 3 家').waitFor();
    await expectAccessible(b, 'opening-bidder-decrypted');
    await expectAccessible(a, 'opening-host-decrypting');

    // The other two offices decrypt over their own sockets; the host then announces (唱标) bid by bid, then the rest.
    expect(await decryptFromNode(node2, bidder2!)).toEqual({ decryption: 'DECRYPTED' });
    expect(await decryptFromNode(node3, bidder3!)).toEqual({ decryption: 'DECRYPTED' });
    await stateIs(b, 'ANNOUNCING');
    const announcement = b.getByTestId('announcement');
    await expect.poll(() => announcement.locator('tr[data-announced="false"]').count()).toBe(3);
    const controls = a.getByTestId('announce-controls');
    await controls.getByText('已唱标 0 / 3 家。').waitFor();
    await controls.getByRole('button', { name: /^唱标：第 1 号/ }).click();
    await controls.getByText('已唱标 1 / 3 家。').waitFor();
    await expect.poll(() => announcement.locator('tr[data-announced="true"]').count()).toBe(1);
    await shot(a, 'opening-console-announcing');
    await shot(b, 'opening-hall-announcing');
    await expectAccessible(a, 'opening-host-announcing');
    await expectAccessible(b, 'opening-bidder-announcing');
    await controls.getByRole('button', { name: '唱出其余 2 家' }).click();
    await stateIs(b, 'CONFIRMING');
    await announcement.getByRole('columnheader', { name: '投标报价（元）' }).waitFor();
    await announcement.getByRole('columnheader', { name: '工期（日历天）' }).waitFor();
    for (const [name, bid] of [
      ['华建工程有限公司', bids.bidder1],
      ['东方路桥建设有限公司', bids.bidder2],
      ['江南市政工程有限公司', bids.bidder3],
    ] as const) {
      await announcement.getByRole('row', { name: new RegExp(`${name}.*${bid.shown.replace(/\./g, '\\.')}.*${bid.durationDays}.*${bid.projectManager}`) }).waitFor();
    }
    await a.getByTestId('announcement').getByText(bids.bidder2.shown).waitFor();
    // Amounts also in capitals; the price above the ceiling is marked as such.
    await announcement.getByText('肆佰捌拾陆万元整').waitFor();
    await announcement.getByRole('row', { name: /江南市政工程有限公司/ }).getByTestId('above-ceiling').waitFor();
    expect(await announcement.getByTestId('above-ceiling').count()).toBe(1);
    await b.getByTestId('ceiling-note').waitFor();
    await shot(b, 'opening-hall-announced');
    await expectAccessible(b, 'opening-bidder-confirming');

    // bidder1 objects; the host answers on the spot, and bidder1 sees the answer live.
    const objection = '第 2 号投标人的项目经理证书编号未在开标一览表中列明，请主持人核实。';
    await b.getByLabel('异议内容').fill(objection);
    await b.getByRole('button', { name: '提出异议' }).click();
    await b.locator('[data-testid="objection-sent"][data-state="waiting"]').getByText('异议已提交，等待主持人当场答复。').waitFor();
    await a.getByText(objection).waitFor();
    await expectAccessible(a, 'opening-host-objection');
    await expectAccessible(b, 'opening-bidder-objection-sent');
    expect(await a.getByRole('button', { name: '结束开标' }).isDisabled()).toBe(true);
    const answer = '开标一览表不要求列明证书编号，将由评标委员会在评审时核验。';
    await a.getByRole('form', { name: '答复华建工程有限公司的异议' }).getByLabel('答复').fill(answer);
    await a.getByRole('form', { name: '答复华建工程有限公司的异议' }).getByRole('button', { name: '答复' }).click();
    await b.getByTestId('objections').getByText(answer).waitFor();
    await b.locator('[data-testid="objection-sent"][data-state="answered"]').waitFor();

    // bidder1 and bidder2 confirm; bidder3 lets its window run, so the host closes the opening.
    await b.getByRole('button', { name: '确认开标记录' }).click();
    await b.getByTestId('confirmed').waitFor();
    await node2.request('opening:confirm', {});
    await a.getByTestId('confirm-progress').getByText('已确认开标记录 2 / 3 家。').waitFor();
    await shot(a, 'opening-console-confirming');
    await expectAccessible(a, 'opening-host-confirming');
    await a.getByRole('button', { name: '结束开标' }).click();
    await a.getByRole('alertdialog').getByRole('button', { name: '结束开标' }).click();

    await stateIs(a, 'CLOSED');
    await stateIs(b, 'CLOSED');
    await b.locator('[data-testid="outcome"][data-state="CLOSED"]').waitFor();
    await b.getByTestId('outcome-next').getByText('下载开标记录留存', { exact: false }).waitFor();
    await b.getByTestId('hall-log').getByText('进入“开标结束”阶段').waitFor();
    // The signed record arrives live; its PDF downloads with the bearer token and matches the hash shown.
    const record = b.getByTestId('record');
    await record.waitFor();
    const [download] = await Promise.all([b.waitForEvent('download'), record.getByRole('button', { name: '下载开标记录（PDF）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await record.getByText(createHash('sha256').update(pdf).digest('hex')).waitFor();
    await shot(b, 'opening-hall-closed');
    await shot(a, 'opening-console-closed');
    await expectAccessible(b, 'opening-bidder-closed');
    await expectAccessible(a, 'opening-host-closed');

    // A supervisor reads the same opening, with the evidence and without any control.
    const watcher = await openPage(browser, { timeout: 20_000 });
    const w = watcher.page;
    await w.goto(`${server.url}/`);
    await signIn(w, 'supervisor');
    await w.goto(`${server.url}/projects/${projectId}`);
    await w.getByRole('link', { name: '进入“标段 01 · 施工标段”的开标大厅' }).click();
    await w.getByRole('heading', { level: 1, name: '开标监督' }).waitFor();
    await stateIs(w, 'CLOSED');
    await w.getByTestId('announcement').getByText(bids.bidder3.shown).waitFor();
    // The evidence is explained in words; the browser's report as written stays one click away.
    await w.getByTestId('attempts').getByText('投标人浏览器中没有保存本单位的私钥', { exact: false }).waitFor();
    expect(await w.getByTestId('attempts').getByText('NO_KEY', { exact: false }).isVisible()).toBe(false);
    expect(await w.getByRole('button', { name: /结束开标|开始解密|答复|登记现金保证金/ }).count()).toBe(0);
    await shot(w, 'opening-observer');
    await expectAccessible(w, 'opening-observer-closed');
    await w.getByRole('button', { name: 'English' }).click();
    await w.getByRole('heading', { level: 1, name: 'Opening supervision' }).waitFor();
    await w.getByTestId('announcement').getByRole('columnheader', { name: '投标报价 (元)' }).waitFor();
    await shot(w, 'opening-observer-en');
    await expectAccessible(w, 'opening-observer-closed-en');

    expect(hall.problems).toEqual([]);
    expect(host.problems).toEqual([]);
    expect(watcher.problems).toEqual([]);
  }, 120_000);
});
