import path from 'node:path';
import { creditCodeCheckChar, type TRegisterBody } from '@bidhall/contracts';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type ServerProcess } from '../harness';
import { expectAccessible, type OpenedPage, openPage, SCREENSHOTS, skipBrowser, startBrowserSuite, submitLogin } from '../harness/browser';

const accounts = [
  { username: 'admin', displayName: '系统管理员', zh: '平台运营工作台', en: 'Platform operations workspace' },
  { username: 'tenderer', displayName: '周建国', zh: '招标人工作台', en: 'Tenderer workspace' },
  { username: 'agency', displayName: '李招标', zh: '招标代理机构工作台', en: 'Agency workspace' },
  { username: 'bidder1', displayName: '王华建', zh: '投标人工作台', en: 'Bidder workspace' },
  { username: 'bank', displayName: '鼎城农商行保函部', zh: '金融机构工作台', en: 'Financial institution workspace' },
  { username: 'supervisor', displayName: '陈监督', zh: '监督人员工作台', en: 'Supervisor workspace' },
  { username: 'expert1', displayName: '郑专家', zh: '评标专家工作台', en: 'Expert workspace' },
] as const;

/** An agency that registered itself and waits for the administrator. */
const pendingAgency: TRegisterBody = {
  organization: { name: '鼎城测试招标代理有限公司', kind: 'AGENCY', creditCode: randomCreditCode(), regionCode: '320500', contact: { name: '林联系', phone: '0512-68881234' } },
  user: { username: 'pendingagency', displayName: '林待审', password: 'Pending-pass-2026' },
};

function randomCreditCode(): string {
  const first17 = `91320500MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

describe.skipIf(skipBrowser)('the client in a browser, role by role', () => {
  let server: ServerProcess & { cleanup(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
    const registered = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(pendingAgency),
    });
    expect(registered.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  /** A fresh browser profile at the login page, failing the test on any script error or console error. */
  async function openLoginPage(): Promise<OpenedPage> {
    const opened = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    const { page } = opened;
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: '账户登录' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    return opened;
  }

  it('shows why a sign-in was refused, by error code', async () => {
    const { page, problems, close } = await openLoginPage();
    try {
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await expectAccessible(page, 'login');
      await submitLogin(page, 'bidder2', 'not-the-password-1');
      await page.getByRole('alert').filter({ hasText: '用户名或密码错误。' }).waitFor();
      await expectAccessible(page, 'login-refused');

      await submitLogin(page, pendingAgency.user.username, pendingAgency.user.password);
      await page.locator('[data-testid="application-standing"][data-status="PENDING"]').getByText('注册申请正在等待平台审核', { exact: false }).waitFor();
      await expectAccessible(page, 'login-pending');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  for (const account of accounts) {
    it(`${account.username}: signs in to the ${account.en}, goes live, switches to English and signs out`, async () => {
      const { page, problems, close } = await openLoginPage();
      try {
        await submitLogin(page, account.username, DEMO_PASSWORD);
        await page.getByRole('heading', { level: 1, name: account.zh }).waitFor();
        await page.getByTestId('current-user').getByText(account.displayName, { exact: true }).waitFor();
        await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
        await page.getByTestId('server-time').waitFor();
        if (account.username === 'admin') await page.getByRole('row', { name: new RegExp(pendingAgency.organization.name) }).waitFor();
        await expectAccessible(page, `home-${account.username}`);

        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { level: 1, name: account.en }).waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        await page.getByTestId('connection-state').getByText('Connected').waitFor();
        await expectAccessible(page, `home-${account.username}-en`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${account.username}.png`), fullPage: true });

        if (account.username === 'admin') {
          await page.getByRole('button', { name: `Approve the registration of ${pendingAgency.organization.name}` }).click();
          await page.getByRole('status').getByText(`The registration of ${pendingAgency.organization.name} was approved.`).waitFor();
          await page.getByText('No registrations are awaiting approval.').waitFor();
        }

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/login');
        if (account === accounts[0]) await expectAccessible(page, 'login-en');
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
