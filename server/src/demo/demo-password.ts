import { randomInt } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The demo accounts' password: chosen at random the first time and kept beside the embedded
 * database, so that every start can print it again.
 */
export async function demoPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'demo-password.txt');
  const existing = await readFile(file, 'utf8').then((t) => t.trim(), () => null);
  if (existing) return existing;
  const random = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const password = `Demo-${random}-${randomInt(10, 99)}`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
