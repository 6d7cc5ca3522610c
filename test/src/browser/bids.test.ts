import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type TPlatformKeys, type TReceipt, ZPlatformKeys, ZReceipt } from '@bidhall/contracts';
import { importPrivateKey, inspectEnvelope, openEnvelope } from '@bidhall/contracts/envelope';
import canonicalize from 'canonicalize';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, signInApi } from '../harness';
import { expectAccessible, openPage, screenshot, signIn, skipBrowser, startBrowserSuite } from '../harness/browser';

/** The demo data's section open for bids, for which every demo bidder is registered. */
const DEMO_PROJECT = '鼎城市滨江大道改造工程';
const KEY_PASSWORD = 'Backup-pass-2026';
const BID_FILE = { name: '滨江大道投标文件.pdf', bytes: randomBytes(3 * 1024 * 1024 + 12_345) };
const FORM = { price: '11500000.00', durationDays: 365, quality: '合格', projectManager: '王华建' };

/** Checks a receipt as any third party would: Ed25519 over the canonical JSON, with the key the platform publishes. */
function receiptVerifies(receipt: TReceipt, keys: TPlatformKeys): boolean {
  const { signature, ...signed } = receipt;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keys.receipts.publicJwk.x }, format: 'jwk' });
  return receipt.keyId === keys.receipts.keyId && verify(null, Buffer.from(canonicalize(signed) ?? '', 'utf8'), key, Buffer.from(signature, 'base64url'));
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (const reader = stream.getReader(); ; ) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    parts.push(value);
  }
}

describe.skipIf(skipBrowser)('a bidder seals, submits, checks and withdraws a bid in a browser', () => {
  let server: ServerProcess & { cleanup(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  const shot = screenshot;

  /** The platform's answer to a bidder1 request, outside the browser. */
  async function asBidder(route: string): Promise<Response> {
    return (await signInApi(server.url, 'bidder1')).send('GET', route);
  }

  it('from a new key to a verified receipt, a passing self-check and a withdrawal receipt', async () => {
    const { page, problems, close } = await openPage(browser);
    try {
      await page.goto(`${server.url}/`);
      await signIn(page, 'bidder1');

      // A key pair made in the browser, backed up to a password-protected file before it is registered.
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投标密钥' }).click();
      await page.getByTestId('no-local-key').waitFor();
      await expectAccessible(page, 'keys-none');
      const create = page.getByRole('form', { name: '新建密钥' });
      await create.getByLabel('备份文件密码').fill(KEY_PASSWORD);
      await create.getByLabel('再次输入密码').fill(KEY_PASSWORD);
      await create.getByRole('button', { name: '生成密钥' }).click();
      const backup = page.getByTestId('bidder-key-backup');
      await backup.waitFor();
      await shot(page, 'bidder-key-backup');
      await expectAccessible(page, 'keys-backup');
      const register = backup.getByRole('button', { name: '登记公钥并启用' });
      expect(await register.isDisabled()).toBe(true);
      const [download] = await Promise.all([page.waitForEvent('download'), backup.getByRole('button', { name: '下载备份文件' }).click()]);
      const keyFile: unknown = JSON.parse(await readFile(await download.path(), 'utf8'));
      await backup.getByLabel('我已妥善保存备份文件，并记住了密码').check();
      await register.click();
      await page.locator('[data-testid="local-key"] [data-testid="key-standing"][data-standing="active"]').waitFor();

      const kid = await page.getByTestId('local-fingerprint').getAttribute('data-kid');
      const registered = (await (await asBidder('/api/bidder/keys')).json()) as { items: { fingerprint: string; revokedAt: string | null }[] };
      expect(registered.items.map((k) => k.fingerprint)).toContain(kid);
      expect(await page.getByTestId('local-fingerprint').textContent()).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
      expect(keyFile).toMatchObject({ format: 'bidhall-bidder-key', kid });
      await shot(page, 'bidder-keys');
      await expectAccessible(page, 'keys-active');

      // The bid page, from "my sections".
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的标段' }).click();
      await page.getByRole('row', { name: new RegExp(DEMO_PROJECT) }).getByRole('link', { name: '递交投标文件' }).click();
      await page.getByRole('heading', { level: 1, name: /投标 · 标段 01 施工标段/ }).waitFor();
      await page.locator('[data-testid="bid-status"][data-status="NONE"]').waitFor();
      await page.getByTestId('bid-key').getByText('本机密钥').waitFor();
      await expectAccessible(page, 'bid-none');

      const fillBid = async () => {
        await page.getByLabel('投标报价').fill(FORM.price);
        await page.getByTestId('price-words').getByText('壹仟壹佰伍拾万元整').waitFor();
        await page.getByLabel('工期').fill(String(FORM.durationDays));
        await page.getByLabel('质量标准').fill(FORM.quality);
        await page.getByLabel('项目经理').fill(FORM.projectManager);
        await page.getByLabel('选择投标文件').setInputFiles({ name: BID_FILE.name, mimeType: 'application/pdf', buffer: BID_FILE.bytes });
      };
      const isChunk = (url: URL) => url.pathname.startsWith('/api/uploads/') && url.searchParams.has('offset');
      const sectionId = new URL(page.url()).pathname.split('/')[5] ?? '';

      // A page closed mid-upload leaves a partial upload; the next visit discards it rather than mix two encryptions.
      await fillBid();
      await page.route(isChunk, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        await route.abort().catch(() => undefined);
      });
      await page.getByRole('button', { name: '加密并递交' }).click();
      await page.locator('[data-testid="upload-progress"][data-phase="sending"]').waitFor();
      const staleId = await (await page.waitForFunction((id) => localStorage.getItem(`bidhall.bid-upload.${id}`), sectionId)).jsonValue();
      expect(staleId).toMatch(/^[0-9a-f-]{36}$/);
      await page.reload();
      await page.getByRole('status').getByText(/上次的上传在 0 B \/ 3\.0 MB 处中断/).waitFor();
      await expectAccessible(page, 'bid-interrupted');
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      const stale = (await (await asBidder(`/api/uploads/${staleId}`)).json()) as { status: string };
      expect(stale.status).toBe('ABORTED');
      expect(await page.evaluate((id) => localStorage.getItem(`bidhall.bid-upload.${id}`), sectionId)).toBeNull();

      // The first upload request is cut off: the page retries by itself from where the platform stands.
      let cut = false;
      await fillBid();
      await page.route(isChunk, async (route) => {
        if (route.request().method() === 'PUT' && !cut) {
          cut = true;
          await route.abort('connectionreset');
        } else await route.continue();
      });
      await page.getByRole('button', { name: '加密并递交' }).click();
      const progress = page.locator('[data-testid="upload-progress"][data-phase="retrying"]');
      await progress.waitFor();
      expect(await progress.getByTestId('encrypt-progress').getAttribute('aria-valuenow')).toBe('100');
      await shot(page, 'bidder-bid-uploading');
      await expectAccessible(page, 'bid-uploading');

      await page.getByTestId('upload-done').waitFor();
      const receipt = page.getByTestId('receipt');
      await receipt.locator('[data-testid="receipt-signature"][data-check="verified"]').waitFor();
      await page.locator('[data-testid="bid-status"][data-status="SUBMITTED"]').waitFor();
      expect(cut).toBe(true);
      await shot(page, 'bidder-bid-receipt');
      await expectAccessible(page, 'bid-receipt');

      // The receipt as downloaded from the page verifies independently, and names the envelope the platform stored.
      const [receiptDownload] = await Promise.all([page.waitForEvent('download'), receipt.getByRole('button', { name: /下载回执.*JSON/ }).click()]);
      const submission = ZReceipt.parse(JSON.parse(await readFile(await receiptDownload.path(), 'utf8')));
      const platformKeys = ZPlatformKeys.parse(await (await fetch(`${server.url}/api/keys`)).json());
      expect(submission.kind).toBe('SUBMISSION');
      expect(receiptVerifies(submission, platformKeys)).toBe(true);
      expect(receiptVerifies({ ...submission, size: submission.size + 1 }, platformKeys)).toBe(false);
      expect(await receipt.getByTestId('receipt-id').textContent()).toBe(submission.receiptId);
      expect(await receipt.getByTestId('receipt-sha256').textContent()).toBe(submission.sha256);
      // The printable receipt (PDF) downloads from the same place.
      const [printable] = await Promise.all([page.waitForEvent('download'), receipt.getByRole('button', { name: /下载回执.*的打印版/ }).click()]);
      expect(printable.suggestedFilename()).toBe(`bidhall-receipt-submission-${submission.receiptId}.pdf`);
      expect((await readFile(await printable.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      expect(submission.sectionId).toBe(sectionId);
      const envelope = Buffer.from(await (await asBidder(`/api/sections/${sectionId}/my-bid/envelope`)).arrayBuffer());
      expect(envelope.length).toBe(submission.size);
      expect(createHash('sha256').update(envelope).digest('hex')).toBe(submission.sha256);
      expect(envelope.includes(BID_FILE.bytes.subarray(0, 64))).toBe(false);
      expect(inspectEnvelope(envelope).recipients.map((r) => r.kid)).toEqual([kid]);
      // Only the downloaded key file and its password open it.
      const key = await importPrivateKey(keyFile, KEY_PASSWORD);
      const opened = await openEnvelope({ source: new Blob([envelope]).stream(), key });
      expect(opened.form).toEqual(FORM);
      expect(opened.fileName).toBe(BID_FILE.name);
      expect((await readAll(opened.content)).equals(BID_FILE.bytes)).toBe(true);

      // The self-check opens the stored bid with the key kept in the browser.
      await page.getByRole('button', { name: '开始自检' }).click();
      const check = page.locator('[data-testid="self-check"][data-ok="true"]');
      await check.waitFor();
      expect(await check.getByTestId('sealed-price').textContent()).toBe('11,500,000.00 元');
      await check.getByText('全部 4 个数据块均已解密并通过完整性校验').waitFor();
      await check.scrollIntoViewIfNeeded();
      await shot(page, 'bidder-bid-self-check');
      await expectAccessible(page, 'bid-self-check');

      // Withdrawal, confirmed, answered with a signed withdrawal receipt.
      await page.getByRole('button', { name: '撤回投标' }).click();
      await page.getByRole('alertdialog').waitFor();
      await expectAccessible(page, 'bid-withdraw-confirm');
      await page.getByRole('alertdialog').getByRole('button', { name: '确认撤回' }).click();
      await page.locator('[data-testid="bid-status"][data-status="WITHDRAWN"]').waitFor();
      const withdrawal = page.getByTestId('bid-status').getByTestId('receipt');
      await withdrawal.getByRole('heading', { name: '撤回回执' }).waitFor();
      await withdrawal.locator('[data-testid="receipt-signature"][data-check="verified"]').waitFor();
      await page.locator('[data-testid="receipt-row"][data-kind="WITHDRAWAL"]').waitFor();
      await shot(page, 'bidder-bid-withdrawn');
      await expectAccessible(page, 'bid-withdrawn');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Bid · Section 01 施工标段' }).waitFor();
      await page.getByRole('heading', { name: 'Withdrawal receipt' }).waitFor();
      await shot(page, 'bidder-bid-withdrawn-en');
      await expectAccessible(page, 'bid-withdrawn-en');

      const myBid = (await (await asBidder(`/api/sections/${sectionId}/my-bid`)).json()) as { bid: { status: string }; receipts: TReceipt[] };
      expect(myBid.bid.status).toBe('WITHDRAWN');
      expect(myBid.receipts.map((r) => r.kind)).toEqual(['SUBMISSION', 'WITHDRAWAL']);
      for (const r of myBid.receipts) expect(receiptVerifies(r, platformKeys)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
