import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import subsetFont from 'subset-font';

/*
 * Noto Sans SC from @fontsource. pdfkit loses glyphs when given the WOFF2 files themselves, so each
 * file is converted to TrueType with HarfBuzz (subset-font) once per process, and every document
 * embeds a subset cut to its own characters. The `chinese-simplified` file covers the common
 * characters; @fontsource splits the rest of the font into unicode-range files, which serve as
 * fallbacks for rarer characters (a bidder's name, a symbol such as ≤ or ℃ in an objection).
 */

export type Weight = 400 | 700;

const require = createRequire(import.meta.url);
const PACKAGE_DIR = dirname(require.resolve('@fontsource/noto-sans-sc/unicode.json'));
const FILES_DIR = join(PACKAGE_DIR, 'files');

const fileName = (subset: string, weight: Weight) => `noto-sans-sc-${subset}-${weight}-normal.woff2`;

const MAIN_SUBSET = 'chinese-simplified';

interface SourceFont {
  ttf: Buffer;
  covers: ReadonlySet<number>;
}

const sources = new Map<string, Promise<SourceFont>>();

async function convert(file: string): Promise<SourceFont> {
  const woff2 = await readFile(join(FILES_DIR, file));
  const font = fontkit.create(woff2);
  if (!('characterSet' in font)) throw new Error(`${file} is a font collection`);
  const covers = new Set(font.characterSet);
  const ttf = await subsetFont(woff2, String.fromCodePoint(...[...covers].sort((a, b) => a - b)), { targetFormat: 'truetype' });
  return { ttf, covers };
}

function source(file: string): Promise<SourceFont> {
  let loaded = sources.get(file);
  if (!loaded) {
    loaded = convert(file);
    sources.set(file, loaded);
    loaded.catch(() => sources.delete(file));
  }
  return loaded;
}

type Ranges = [number, number][];

let rangeTable: Promise<{ subset: string; ranges: Ranges }[]> | null = null;

/** unicode.json lists each split file's unicode-range, keyed `[N]` for the numbered ones. */
function fallbackRanges() {
  rangeTable ??= readFile(join(PACKAGE_DIR, 'unicode.json'), 'utf8').then((text) =>
    Object.entries(JSON.parse(text) as Record<string, string>).map(([key, value]) => ({
      subset: key.replace(/^\[(\d+)\]$/, '$1'),
      ranges: value.split(',').map((part): [number, number] => {
        const [lo = '0', hi = lo] = part.trim().replace(/^U\+/i, '').split('-');
        return [parseInt(lo, 16), parseInt(hi, 16)];
      }),
    })),
  );
  rangeTable.catch(() => {
    rangeTable = null;
  });
  return rangeTable;
}

/** Converts the main files ahead of the first document, e.g. at server start. */
export async function preloadDocumentFonts(): Promise<void> {
  await Promise.all([source(fileName(MAIN_SUBSET, 400)), source(fileName(MAIN_SUBSET, 700)), fallbackRanges()]);
}

export interface Run {
  font: string;
  text: string;
}

export interface DocumentFonts {
  /** What to register with pdfkit, in a fixed order. */
  faces: { name: string; data: Buffer }[];
  /** Splits text into pieces that each draw in one registered face. */
  runs(text: string, weight: Weight): Run[];
}

async function facesFor(weight: Weight, chars: number[]) {
  const main = await source(fileName(MAIN_SUBSET, weight));
  const assigned = new Map<string, number[]>([[MAIN_SUBSET, []]]);
  const missing: number[] = [];
  for (const cp of chars) (main.covers.has(cp) ? assigned.get(MAIN_SUBSET)! : missing).push(cp);
  if (missing.length) {
    const table = await fallbackRanges();
    for (const cp of missing) {
      let home = MAIN_SUBSET;
      for (const { subset, ranges } of table) {
        if (!ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) continue;
        if ((await source(fileName(subset, weight))).covers.has(cp)) {
          home = subset;
          break;
        }
      }
      // A character no file covers still goes to the main face, where it shows as an empty box.
      if (!assigned.has(home)) assigned.set(home, []);
      assigned.get(home)!.push(cp);
    }
  }
  const bySubset = new Map<number, string>();
  const faces: { name: string; data: Buffer }[] = [];
  for (const [subset, cps] of assigned) {
    const name = `noto-${weight}-${subset}`;
    const { ttf } = await source(fileName(subset, weight));
    // HarfBuzz needs at least one character; a face with none is still registered so every weight has its main face.
    const text = String.fromCodePoint(...(cps.length ? cps : [0x20]));
    faces.push({ name, data: await subsetFont(ttf, text, { targetFormat: 'truetype' }) });
    for (const cp of cps) bySubset.set(cp, name);
  }
  return { faces, fontOf: (cp: number) => bySubset.get(cp) ?? `noto-${weight}-${MAIN_SUBSET}` };
}

/** Cuts the faces a document needs down to the characters it uses, in both weights. */
export async function documentFonts(text: string): Promise<DocumentFonts> {
  const chars = [...new Set([...text].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  const [regular, bold] = await Promise.all([facesFor(400, chars), facesFor(700, chars)]);
  return {
    faces: [...regular.faces, ...bold.faces],
    runs(value, weight) {
      const { fontOf } = weight === 400 ? regular : bold;
      const runs: Run[] = [];
      for (const ch of value) {
        const font = fontOf(ch.codePointAt(0)!);
        const last = runs.at(-1);
        if (last && last.font === font) last.text += ch;
        else runs.push({ font, text: ch });
      }
      return runs;
    },
  };
}
