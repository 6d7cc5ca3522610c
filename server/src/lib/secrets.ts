import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The token-signing key of an installation that was not given one: generated once and kept
 * in the data directory (readable by its owner only), so sessions survive restarts.
 */
export async function loadOrCreateSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, `${name}.key`);
  const existing = await readFile(file, 'utf8').then((t) => t.trim(), () => null);
  if (existing && existing.length >= 32) return existing;
  const secret = randomBytes(48).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
