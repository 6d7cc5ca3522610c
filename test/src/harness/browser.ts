import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT, type ServerProcess, startServerProcess } from './server-process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** Locally a missing browser skips with a reason; in CI it must fail, or the suite would pass without testing the UI. */
export const skipBrowser = !hasChromium && !process.env.CI;
if (skipBrowser) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

export const SCREENSHOTS = path.join(REPO_ROOT, 'test/artifacts/screenshots');
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
}

/** A real server (as npm start runs it) and a headless Chromium, for one browser test file. */
export async function startBrowserSuite(options: BrowserSuiteOptions = {}): Promise<{ server: ServerProcess & { cleanup(): Promise<void> }; browser: Browser }> {
  if (!hasChromium) throw new Error(`Chromium is required in CI but is missing at ${CHROMIUM}`);
  // `turbo run test` builds the client first; run directly, the suite builds it when there is no build.
  if (!existsSync(CLIENT_INDEX)) execFileSync('npm', ['run', 'build', '-w', '@bidhall/client'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const [server, browser] = await Promise.all([
    startServerProcess(options.media ? { env: MEDIA_ENV } : {}),
    chromium.launch({ executablePath: CHROMIUM, args: options.media ? [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] : CHROMIUM_ARGS }),
  ]);
  await mkdir(SCREENSHOTS, { recursive: true });
  return { server, browser };
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
