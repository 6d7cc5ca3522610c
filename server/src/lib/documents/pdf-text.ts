import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

/*
 * For tests: pdftotext proves a PDF's glyphs are really there (embedded, with a ToUnicode map).
 * CI installs poppler-utils, so only a developer's machine may skip these checks.
 */

const popplerMissing = spawnSync('pdftotext', ['-v']).error !== undefined;
export const skipPoppler = popplerMissing && !process.env.CI;
if (skipPoppler) console.warn('skipping the pdftotext checks of printed documents: poppler-utils is not installed (apt-get install -y poppler-utils)');

/** `it`, or `it.skip` where pdftotext is missing outside CI. */
export const withPoppler = skipPoppler ? it.skip : it;

/** The text of a PDF as pdftotext reads it (UTF-8). */
export function pdfText(pdf: Buffer): string {
  const out = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' });
  if (out.error) throw new Error(`pdftotext could not run (install poppler-utils): ${out.error.message}`);
  if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`);
  return out.stdout;
}
