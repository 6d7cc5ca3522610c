import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess } from '../harness';
import { expectAccessible, openPage, screenshot, signIn, skipBrowser, startBrowserSuite } from '../harness/browser';

/** The demo data's published project, which the portal lists from the first start. */
const DEMO_PROJECT = '鼎城市滨江大道改造工程';
const DEMO_TENDERER = '鼎城市城市建设投资集团有限公司';

/** The tender document the agency uploads and the bidder downloads and checks. */
const TENDER_FILE = Buffer.from('%PDF-1.7\n% 鼎城市滨河路排水改造工程 招标文件\n%%EOF\n');
const TENDER_FILE_SHA256 = createHash('sha256').update(TENDER_FILE).digest('hex');

/** A `datetime-local` value in Beijing time (UTC+8 all year), which is how the form takes deadlines. */
const beijingInput = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

describe.skipIf(skipBrowser)('projects, the public portal and notifications in a browser', () => {
  let server: ServerProcess & { cleanup(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '账户登录' }).waitFor();
  }

  const shot = screenshot;

  it('an agency publishes a project with its tender documents, the public finds it, a registered bidder downloads them, asks a question and hears live of the amendment and the answer', async () => {
    const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const name = `鼎城市滨河路排水改造工程 ${code}`;
    const agency = await openPage(browser);
    const bidder = await openPage(browser);
    try {
      const a = agency.page;
      await a.goto(`${server.url}/`);
      await signIn(a, 'agency');

      // Create the project; the tenderer is found in the platform's directory by part of its name.
      await a.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '招标项目' }).click();
      await a.getByRole('row', { name: new RegExp(DEMO_PROJECT) }).waitFor();
      await expectAccessible(a, 'projects-list');
      await a.getByRole('link', { name: '新建项目' }).click();
      await a.getByLabel('项目编号').waitFor();
      await expectAccessible(a, 'projects-new');
      await a.getByLabel('项目编号').fill(code);
      await a.getByLabel('项目名称').fill(name);
      await a.getByRole('button', { name: '工程', exact: true }).click();
      expect(await a.getByLabel('行政区划代码').inputValue()).toBe('320500');
      await a.getByLabel('项目估算价').fill('5000000.00');
      // Not one the law requires to be tendered: its deadline may be an hour away.
      await a.getByLabel('非依法必须招标的项目').check();
      const tenderer = a.getByRole('combobox', { name: '招标人' });
      await tenderer.fill('城市建设');
      await tenderer.press('ArrowDown');
      await a.getByRole('option', { name: new RegExp(DEMO_TENDERER), selected: true }).waitFor();
      await expectAccessible(a, 'projects-new-tenderer-search');
      await tenderer.press('Enter');
      await a.getByTestId('tenderer-chosen').getByText(DEMO_TENDERER).waitFor();
      await shot(a, 'projects-new');
      await a.getByRole('button', { name: '创建项目' }).click();
      await a.getByRole('heading', { level: 1, name }).waitFor();

      // One section, first with a bond above 2 % of its estimated price.
      await a.getByRole('button', { name: '添加标段' }).click();
      const form = a.getByRole('form', { name: '添加标段' });
      await form.getByLabel('标段名称').fill('施工标段');
      expect(await form.getByLabel('标段估算价').inputValue()).toBe('5000000.00');
      await form.getByLabel('投标保证金').fill('150000.00');
      await form.locator('[data-testid="bond-hint"][data-over="true"]').getByText('超过上限 100,000.00 元').waitFor();
      await form.getByLabel('投标截止时间（开标时间）').fill(beijingInput(Date.now() + 3_600_000));
      await form.locator('[data-testid="points-total"][data-total="100"]').waitFor();
      await expectAccessible(a, 'projects-section-form');
      await form.getByRole('button', { name: '添加一栏' }).click();
      // Column keys are generated and out of sight unless asked for.
      expect(await form.getByLabel('第 5 栏键名').count()).toBe(0);
      await form.getByLabel('第 5 栏名称').fill('质保期');
      await form.getByLabel('第 5 栏类型').selectOption('integer');
      await form.getByLabel('第 5 栏单位').fill('年');
      await form.getByRole('button', { name: '保存标段' }).click();
      await form.getByRole('alert').filter({ hasText: '投标保证金不得超过标段估算价的 2%。' }).filter({ hasText: '允许的最高金额为 100,000.00 元。' }).waitFor();
      await shot(a, 'projects-bond-refused');
      await expectAccessible(a, 'projects-section-refused');
      await form.getByLabel('投标保证金').fill('100000.00');
      await form.getByRole('button', { name: '保存标段' }).click();
      const section = a.getByRole('article', { name: '标段 01 · 施工标段' });
      await section.waitFor();
      await section.getByRole('cell', { name: '质保期' }).waitFor();

      // The tender documents go with the draft and are published with it.
      const documents = section.getByTestId('section-documents');
      await documents.getByLabel('上传招标文件').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: TENDER_FILE });
      await documents.getByRole('button', { name: '上传所选文件' }).click();
      await documents.locator('[data-testid="upload-outcome"][data-state="done"]').waitFor();
      await documents.locator(`[data-testid="document"][data-sha256="${TENDER_FILE_SHA256}"]`).getByText('草稿（随公告发布）').waitFor();
      await shot(a, 'projects-documents-draft');
      await expectAccessible(a, 'projects-detail-draft');

      await a.getByRole('button', { name: '发布招标公告' }).click();
      await a.getByRole('button', { name: '确认发布' }).waitFor();
      await expectAccessible(a, 'projects-publish-confirm');
      await a.getByRole('button', { name: '确认发布' }).click();
      await a.getByRole('status').getByText('招标公告已发布。').waitFor();
      await section.getByText('投标中').waitFor();
      await documents.locator(`[data-testid="document"][data-sha256="${TENDER_FILE_SHA256}"]`).getByText('第 1 版发布').waitFor();
      expect(await documents.getByRole('button', { name: '删除文件“招标文件.pdf”' }).count()).toBe(0);
      await shot(a, 'projects-published');
      await expectAccessible(a, 'projects-detail-published');
      await signOut(a);

      // Anyone can find it on the portal without signing in.
      const b = bidder.page;
      await b.goto(`${server.url}/portal`);
      await b.getByRole('heading', { level: 1, name: '招标公告' }).waitFor();
      await b.getByRole('link', { name: DEMO_PROJECT }).first().waitFor();
      await b.getByLabel('项目编号或名称').fill(code.toLowerCase());
      await b.getByRole('button', { name: '搜索' }).click();
      await b.getByRole('heading', { name: '共 1 条公告' }).waitFor();
      await shot(b, 'portal-search');
      await expectAccessible(b, 'portal-search');
      await b.getByRole('link', { name }).click();
      await b.getByRole('heading', { level: 1, name }).waitFor();
      const announced = b.getByRole('article', { name: '标段 01 · 施工标段' });
      await announced.getByText('100,000.00 元').waitFor();
      await announced.getByRole('timer').first().waitFor();
      // Anyone sees the documents' names, sizes and hashes; nobody but a registered bidder gets the file.
      const announcedFile = announced.getByTestId('announced-documents').locator(`[data-testid="document"][data-sha256="${TENDER_FILE_SHA256}"]`);
      await announcedFile.getByText('招标文件.pdf').waitFor();
      expect(await announced.getByRole('button', { name: '下载“招标文件.pdf”' }).count()).toBe(0);
      await shot(b, 'portal-announcement');
      await expectAccessible(b, 'portal-announcement');

      // The bidder signs in from the announcement, comes back to it and registers.
      await announced.getByRole('link', { name: '登录后报名' }).click();
      await signIn(b, 'bidder1');
      await b.getByRole('heading', { level: 1, name }).waitFor();
      await announced.getByRole('button', { name: '报名并获取招标文件' }).click();
      await announced.getByTestId('registered').waitFor();

      // Registered, it downloads the documents; the browser checks the copy against the published hash.
      const downloading = b.waitForEvent('download');
      await announced.getByRole('button', { name: '下载“招标文件.pdf”' }).click();
      const downloaded = await downloading;
      expect(downloaded.suggestedFilename()).toBe('招标文件.pdf');
      expect(createHash('sha256').update(await readFile((await downloaded.path())!)).digest('hex')).toBe(TENDER_FILE_SHA256);
      await announced.getByTestId('hash-verified').waitFor();

      // And asks a question, without being named.
      const questions = announced.getByTestId('section-questions');
      await questions.getByLabel('向代理机构提问').fill('工程量清单第 3 章是否以附件为准？');
      await questions.getByRole('button', { name: '提交问题' }).click();
      await questions.locator('[data-testid="question"][data-status="PENDING"]').getByText('工程量清单第 3 章是否以附件为准？').waitFor();
      await shot(b, 'portal-bidder-documents-questions');
      await expectAccessible(b, 'portal-announcement-registered');
      await b.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的标段' }).click();
      await b.getByRole('row', { name: new RegExp(name) }).waitFor();
      expect(await b.getByTestId('notification-bell').getAttribute('data-unread')).toBe('0');
      await expectAccessible(b, 'my-sections');

      // Meanwhile the agency moves the deadline by an amendment.
      await signIn(a, 'agency');
      await a.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '招标项目' }).click();
      await a.getByRole('link', { name }).click();
      await section.getByRole('button', { name: '发布澄清/修改' }).click();
      const amendment = a.getByRole('form', { name: '发布澄清/修改（第 2 版）' });
      await amendment.getByLabel('修改原因').fill('延长投标截止时间');
      await amendment.getByLabel('澄清内容').fill('工程量清单第 3 章更正，详见附件。');
      await amendment.getByRole('checkbox', { name: '投标截止时间（开标时间）' }).check();
      await amendment.locator('input[type="datetime-local"]').fill(beijingInput(Date.now() + 2 * 3_600_000));
      await shot(a, 'projects-amendment-form');
      await expectAccessible(a, 'projects-amendment-form');
      await amendment.getByRole('button', { name: '发布第 2 版' }).click();
      await a.getByRole('status').getByText('已发布“施工标段”的第 2 版澄清/修改。').waitFor();
      await a.getByTestId('amendment').getByText('延长投标截止时间').waitFor();

      // The bidder hears of it live, and finds it among its notifications.
      await b.getByTestId('toast').filter({ hasText: '截止时间变更' }).waitFor();
      await b.locator('[data-testid="notification-bell"][data-unread="1"]').waitFor();
      await shot(b, 'bidder-live-notification');
      await expectAccessible(b, 'live-notification');
      await b.getByTestId('notification-bell').click();
      const notice = b.locator('[data-testid="notification"][data-kind="DEADLINE_CHANGED"]');
      await notice.filter({ hasText: name }).waitFor();
      await notice.getByText('投标截止时间：').waitFor();
      await b.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();
      await shot(b, 'bidder-notifications');
      await expectAccessible(b, 'notifications');
      await notice.getByRole('link', { name: '查看招标公告' }).click();
      const published = b.getByTestId('amendment');
      await published.getByRole('heading', { name: '第 2 版 · 标段 01 · 施工标段' }).waitFor();
      await published.getByRole('row', { name: /投标截止时间（开标时间）/ }).waitFor();
      await shot(b, 'portal-amended');
      await expectAccessible(b, 'portal-amended');

      // The agency answers; the answer is published as the next clarification, and the bidder hears of it.
      const inbox = section.getByTestId('question-inbox');
      await inbox.getByText('工程量清单第 3 章是否以附件为准？').waitFor();
      await inbox.getByLabel('第 1 个问题的答复').fill('以附件为准。');
      await shot(a, 'projects-question-inbox');
      await expectAccessible(a, 'projects-question-inbox');
      await inbox.getByRole('button', { name: '发布 1 条答复（第 3 版澄清）' }).click();
      await inbox.getByRole('heading', { name: '已答复（1）' }).waitFor();
      // The deadline change's toast may still be up; this one is the third version's.
      await b.getByTestId('toast').filter({ hasText: '第 3 版澄清/修改' }).waitFor();
      await b.getByRole('article', { name: '标段 01 · 施工标段' }).getByTestId('section-questions').locator('[data-testid="question"][data-status="ANSWERED"]').getByText('以附件为准。').first().waitFor();
      await shot(b, 'portal-answered');
      await expectAccessible(b, 'portal-answered');

      expect(agency.problems).toEqual([]);
      expect(bidder.problems).toEqual([]);
    } finally {
      await Promise.all([agency.close(), bidder.close()]);
    }
  });

  it('shows the tenderer, the supervisor and the administrator the same project pages without any control to change them', async () => {
    // The hall of the tenderer's own project and the administrator's watch are not called supervision.
    const hallTitles: Record<string, string> = { tenderer: '开标现场（招标人）', admin: '开标现场（平台运营）' };
    for (const username of ['tenderer', 'supervisor', 'admin']) {
      const { page, problems, close } = await openPage(browser);
      try {
        await page.goto(`${server.url}/projects`);
        await signIn(page, username);
        await page.getByRole('heading', { level: 1, name: '招标项目' }).waitFor();
        await page.getByRole('link', { name: DEMO_PROJECT }).first().click();
        const section = page.getByRole('article', { name: '标段 01 · 施工标段' });
        await section.getByRole('timer').waitFor();
        expect(await page.getByRole('button', { name: /发布|添加标段|编辑|删除/ }).count()).toBe(0);
        expect(await page.getByRole('link', { name: '新建项目' }).count()).toBe(0);
        await expectAccessible(page, `projects-detail-${username}`);
        if (username === 'supervisor') {
          await page.getByRole('button', { name: 'English' }).click();
          await page.getByRole('article', { name: 'Section 01 · 施工标段' }).getByText('Comprehensive scoring').waitFor();
          await shot(page, 'projects-supervisor-en');
          await expectAccessible(page, 'projects-detail-supervisor-en');
        }
        const hallTitle = hallTitles[username];
        if (hallTitle) {
          await section.getByTestId('opening-hall-link').click();
          await page.getByRole('heading', { level: 1, name: hallTitle }).waitFor();
          await expectAccessible(page, `opening-${username}-before`);
          await page.getByRole('link', { name: '← 返回项目列表' }).click();
          await page.getByRole('heading', { level: 1, name: '招标项目' }).waitFor();
        }
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
