import { creditCodeCheckChar } from '@bidhall/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../harness';
import { expectAccessible, openPage, screenshot, signIn, skipBrowser, startBrowserSuite, submitLogin } from '../harness/browser';

const PASSWORD = 'Signup-pass-2026';

/** A valid credit code of region 320500 nobody has registered, and the same code with a wrong check character. */
function creditCodes(): { valid: string; typo: string } {
  const first17 = `91320500MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const check = creditCodeCheckChar(first17)!;
  return { valid: first17 + check, typo: first17 + (check === '0' ? '1' : '0') };
}

describe.skipIf(skipBrowser)('an organization signs up, waits for approval and signs in', () => {
  let server: ServerProcess & { cleanup(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  /** Fills the sign-up form of an organization of `kind` (its label) and submits it. */
  async function fillAndSubmit(page: Page, org: { kind: string; name: string; creditCode: string; username: string }) {
    await page.getByRole('radio', { name: new RegExp(`^${org.kind}`) }).check();
    await page.getByLabel('机构名称').fill(org.name);
    await page.getByLabel('统一社会信用代码').fill(org.creditCode);
    await page.getByLabel('联系人姓名').fill('林联系');
    await page.getByLabel('联系电话').fill('0512-68881234');
    await page.getByLabel('用户名').fill(org.username);
    await page.getByLabel('使用人姓名').fill('林申请');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('再次输入密码').fill(PASSWORD);
    await page.getByRole('button', { name: '提交注册' }).click();
  }

  it('from the portal to the form, pending at sign-in, approved by the administrator, then in; another is rejected and told why', async () => {
    const codes = creditCodes();
    const agency = { kind: '招标代理机构', name: '鼎城新立招标代理有限公司', creditCode: codes.valid, username: `xinli${Date.now().toString(36)}` };
    const applicant = await openPage(browser);
    const admin = await openPage(browser);
    try {
      const a = applicant.page;
      // A visitor without a session does not ask the platform for one (no 401 on every page load).
      const refreshes: string[] = [];
      a.on('request', (request) => {
        if (request.url().endsWith('/api/auth/refresh')) refreshes.push(request.url());
      });
      await a.goto(`${server.url}/portal`);
      await a.getByRole('heading', { level: 1, name: '招标公告' }).waitFor();
      await a.getByRole('link', { name: '机构注册' }).click();
      await a.getByRole('heading', { level: 1, name: '机构注册' }).waitFor();
      expect(refreshes).toEqual([]);
      await expectAccessible(a, 'signup');

      // The credit code is checked while it is typed, and the region code is taken from it.
      const code = a.getByLabel('统一社会信用代码');
      await code.fill(codes.typo.slice(0, 9).toLowerCase());
      await a.getByText('已输入 9 位，统一社会信用代码共 18 位。').waitFor();
      expect(await a.getByLabel('行政区划代码').inputValue()).toBe('320500');
      await code.fill(codes.typo);
      await a.getByText('第 18 位校验码与前 17 位不符，请逐位核对营业执照。').waitFor();
      expect(await code.getAttribute('aria-invalid')).toBe('true');
      await a.getByRole('radio', { name: /^招标代理机构/ }).check();
      await a.getByText('提交后由平台运营方审核', { exact: false }).waitFor();
      await screenshot(a, 'signup-form-typo');
      await expectAccessible(a, 'signup-typo');

      // Submitting with fields missing says so and puts the focus on the first one in trouble.
      await a.getByRole('button', { name: '提交注册' }).click();
      await a.getByRole('alert').filter({ hasText: '项需要修改' }).waitFor();
      expect(await a.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
      await expectAccessible(a, 'signup-incomplete');

      await fillAndSubmit(a, agency);
      const submitted = a.locator('[data-testid="application-standing"][data-status="PENDING"]');
      await submitted.getByRole('heading', { name: '注册申请已提交' }).waitFor();
      await submitted.getByText('审核通过后，用本账户登录即可开始使用', { exact: false }).waitFor();
      await screenshot(a, 'signup-submitted');
      await expectAccessible(a, 'signup-submitted');

      // Signing in before the approval shows where the application stands, not a bare refusal.
      await a.getByRole('link', { name: '登录', exact: true }).click();
      await submitLogin(a, agency.username, PASSWORD);
      const waiting = a.locator('[data-testid="application-standing"][data-status="PENDING"]');
      await waiting.getByRole('heading', { name: '注册申请审核中' }).waitFor();
      await waiting.getByText(agency.name, { exact: true }).waitFor();
      await screenshot(a, 'signup-pending-login');

      // A second applicant, an institution, is registered meanwhile; the administrator rejects it.
      const institution = creditCodes().valid;
      const rejectedUser = `bank${Date.now().toString(36)}`;
      const registered = await fetch(`${server.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          organization: { name: '鼎城测试担保有限公司', kind: 'INSTITUTION', creditCode: institution, regionCode: '320500', contact: { name: '赵联系', phone: '13912345678' } },
          user: { username: rejectedUser, displayName: '赵申请', password: PASSWORD },
        }),
      });
      expect(registered.status).toBe(201);

      // The administrator sees both applications with their contacts on the workspace, approves one, rejects the other.
      const m = admin.page;
      await m.goto(`${server.url}/`);
      await signIn(m, 'admin');
      const row = m.getByRole('row', { name: new RegExp(agency.name) });
      await row.waitFor();
      await m.getByTestId('application-details').getByText('0512-68881234').waitFor();
      await screenshot(m, 'signup-admin-pending');
      await expectAccessible(m, 'home-admin-applications');
      await m.getByRole('button', { name: `通过“${agency.name}”的注册申请` }).click();
      await m.getByRole('status').getByText(`已通过“${agency.name}”的注册申请。 申请人现在可以用账户 ${agency.username} 登录。`).waitFor();
      await m.getByRole('button', { name: '驳回“鼎城测试担保有限公司”的注册申请' }).click();
      await m.getByLabel('驳回理由（将告知申请机构）').fill('营业执照上的名称与申请不符');
      await expectAccessible(m, 'home-admin-rejecting');
      await m.getByRole('button', { name: '确认驳回' }).click();
      await m.getByRole('status').getByText('申请人登录时将看到驳回理由。', { exact: false }).waitFor();
      await m.getByText('暂无待审核的机构。').waitFor();
      // The audit log says who did what in words: the action, the organization by name, the administrator by name.
      await m.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '审计日志' }).click();
      await m.locator('[data-testid="audit-event"][data-action="org.approved"]').filter({ hasText: agency.name }).filter({ hasText: '系统管理员' }).getByText('通过机构注册').waitFor();
      await m.locator('[data-testid="audit-event"][data-action="org.registered"]').filter({ hasText: agency.name }).getByText('林申请').waitFor();
      await screenshot(m, 'signup-audit');
      await expectAccessible(m, 'audit');

      // The approved applicant signs in from the same page and lands in its workspace.
      await a.getByRole('button', { name: '登录', exact: true }).click();
      await a.getByRole('heading', { level: 1, name: '招标代理机构工作台' }).waitFor();
      await a.getByTestId('current-user').getByText('林申请', { exact: true }).waitFor();
      await a.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
      await screenshot(a, 'signup-approved-workspace');

      // The rejected one is told the reason when it signs in.
      await a.getByRole('button', { name: '退出登录' }).click();
      await submitLogin(a, rejectedUser, PASSWORD);
      const rejected = a.locator('[data-testid="application-standing"][data-status="REJECTED"]');
      await rejected.getByRole('heading', { name: '注册申请未通过' }).waitFor();
      await rejected.getByTestId('application-reason').getByText('营业执照上的名称与申请不符').waitFor();
      await screenshot(a, 'signup-rejected-login');
      await expectAccessible(a, 'login-rejected');

      expect(applicant.problems).toEqual([]);
      expect(admin.problems).toEqual([]);
    } finally {
      await Promise.all([applicant.close(), admin.close()]);
    }
  });

  it('a bidder is active at once and goes from the sign-up page straight to its workspace', async () => {
    const bidder = { kind: '投标人', name: '鼎城快建工程有限公司', creditCode: creditCodes().valid, username: `kuaijian${Date.now().toString(36)}` };
    const visitor = await openPage(browser);
    try {
      const v = visitor.page;
      await v.goto(`${server.url}/login`);
      await v.getByRole('link', { name: '注册机构账户' }).click();
      await fillAndSubmit(v, bidder);
      await v.locator('[data-testid="signup-done"][data-status="ACTIVE"]').waitFor();
      await v.getByText('创建本单位的加密密钥', { exact: false }).waitFor();
      await expectAccessible(v, 'signup-done');
      await v.getByRole('button', { name: '登录并进入工作台' }).click();
      await v.getByRole('heading', { level: 1, name: '投标人工作台' }).waitFor();
      expect(new URL(v.url()).pathname).toBe('/');
      expect(visitor.problems).toEqual([]);
    } finally {
      await visitor.close();
    }
  });
});
