import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD, REPO_ROOT, type StartedServerProcess, startServerProcess } from './server-process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** Locally a missing browser skips with a reason; in CI it must fail, or the suite would pass without testing the UI. */
export const skipBrowser = !hasChromium && !process.env.CI;
if (skipBrowser) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

export const SCREENSHOTS = path.join(REPO_ROOT, 'test/artifacts/screenshots');
/** Each axe check's full result, by page name, for reading what the test output only summarises. */
export const ACCESSIBILITY_REPORTS = path.join(REPO_ROOT, 'test/artifacts/accessibility');
const CLIENT_INDEX = path.join(REPO_ROOT, 'client/dist/index.html');

/** Flags that keep Debian's Chromium quiet on a machine without a network or a GPU. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The server's media plane on loopback with one SFU worker: enough for a few browsers, quick to start. */
const MEDIA_ENV = { MEDIA: 'true', MEDIA_WORKERS: '1', MEDIA_LISTEN_IP: '127.0.0.1', MEDIA_ANNOUNCED_IP: '127.0.0.1' };

/**
 * Chromium with a synthetic camera (a moving test pattern) and microphone (a beep), granted without
 * a prompt, and media allowed to play before any click.
 */
const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

export interface BrowserSuiteOptions {
  /** Run the server's media plane and give Chromium fake camera and microphone devices. */
  media?: boolean;
  /** More of the server's environment (a shorter token lifetime…). */
  env?: Record<string, string>;
}

/** A real server (as npm start runs it) and a headless Chromium, for one browser test file. */
export async function startBrowserSuite(options: BrowserSuiteOptions = {}): Promise<{ server: StartedServerProcess; browser: Browser }> {
  if (!hasChromium) throw new Error(`Chromium is required in CI but is missing at ${CHROMIUM}`);
  // `turbo run test` builds the client first; run directly, the suite builds it when there is no build.
  if (!existsSync(CLIENT_INDEX)) execFileSync('npm', ['run', 'build', '-w', '@bidhall/client'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const [server, browser] = await Promise.all([
    startServerProcess({ env: { ...(options.media ? MEDIA_ENV : {}), ...options.env } }),
    chromium.launch({ executablePath: CHROMIUM, args: options.media ? [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] : CHROMIUM_ARGS }),
  ]);
  await Promise.all([mkdir(SCREENSHOTS, { recursive: true }), mkdir(ACCESSIBILITY_REPORTS, { recursive: true })]);
  return { server, browser };
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

export interface PageOptions {
  /** 1280 × 900 unless given. */
  viewport?: { width: number; height: number };
  /** How long the page's actions and waits may take, 15 s unless given. */
  timeout?: number;
  /** Runs in every document of the profile before the page's own scripts. */
  initScript?: () => void;
}

export interface OpenedPage {
  page: Page;
  /** The page's script errors and console errors; a test expects none. */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh browser profile (Chinese, Beijing time) with one page, recording any script error or console error. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeout ?? 15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx and every failed request as a failed resource load: restoring a session that does
    // not exist answers 401, and tests provoke others on purpose (a refused bond, a cut upload request).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  return { page, problems, close: () => context.close() };
}

/** Fills in the login form and submits it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** From the login page, signs in as a demo account and waits until the app is connected live. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: '账户登录' }).waitFor();
  await submitLogin(page, username, DEMO_PASSWORD);
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
}

/**
 * What the pages are held to: WCAG 2.0, 2.1 and 2.2 at levels A and AA (GB/T 37668-2019 follows
 * WCAG 2.x AA), and axe's best practices, which cover headings, landmarks and skip links.
 */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
/** Impacts that fail a test; minor and moderate findings are printed and kept in the report. */
const BLOCKING = new Set(['serious', 'critical']);

type AxeRule = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** One axe finding: a rule one element breaks, with the impact it has there. */
interface Finding {
  rule: AxeRule;
  node: AxeRule['nodes'][number];
  impact: string;
}

/** The rule, its impact, where (the element's selector) and what would fix it, on one line. */
function describeFinding({ rule, node, impact }: Finding): string {
  const where = node.target.map((part) => (Array.isArray(part) ? part.join(' >> ') : part)).join(' ');
  // axe's summary opens with "Fix any/all of the following:"; the lines after it are the hints.
  const hints = (node.failureSummary ?? '').split('\n').slice(1).map((line) => line.trim()).filter(Boolean);
  return `${rule.id} (${impact}) at ${where}: ${hints.join('; ') || rule.help} [${rule.helpUrl}]`;
}

/**
 * Runs axe-core on the page as it stands and fails on any serious or critical violation, listing
 * each with the element's selector and a hint. Minor and moderate ones are printed, not failed.
 * Every finding, and what axe could not decide (to review by hand), is also written to
 * test/artifacts/accessibility/<name>.json. Finite CSS animations and transitions are run to their
 * end first, so colours are measured as they settle rather than halfway through a fade.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(() => {
    for (const animation of document.getAnimations()) {
      if (animation.effect?.getComputedTiming().endTime !== Infinity) animation.finish();
    }
  });
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  await writeFile(path.join(ACCESSIBILITY_REPORTS, `${name}.json`), JSON.stringify({ url: results.url, violations: results.violations, incomplete: results.incomplete, passes: results.passes.map((rule) => rule.id) }, null, 2));
  const findings: Finding[] = results.violations.flatMap((rule) => rule.nodes.map((node) => ({ rule, node, impact: node.impact ?? rule.impact ?? 'unknown' })));
  const blocking = findings.filter((finding) => BLOCKING.has(finding.impact));
  const others = findings.filter((finding) => !BLOCKING.has(finding.impact));
  if (others.length) console.info(`accessibility, ${name}: ${others.length} minor or moderate finding(s)\n  ${others.map(describeFinding).join('\n  ')}`);
  if (blocking.length) {
    throw new Error(`accessibility, ${name}: ${blocking.length} serious or critical violation(s) at ${results.url}\n  ${blocking.map(describeFinding).join('\n  ')}`);
  }
}
