/*
 * Line breaking for the PDF. pdfkit's own wrapper cannot mix fonts inside a line, and a document may
 * need a fallback font for a rare character in a bidder's name; Intl.Segmenter would make the
 * output depend on the ICU data of the Node build, which would break byte-for-byte reproducibility.
 */

// Han, kana, hangul, CJK punctuation and full-width forms: a line may break on either side of these.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE1F\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

// 禁则: punctuation that may not start a line, and punctuation that may not end one.
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〕〉”’…·～％,.;:!?)]}%']);
const NO_LINE_END = new Set([...'（《「『【〔〈“‘([{']);

function breakAllowed(before: string, after: string): boolean {
  if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) return false;
  if (before === ' ') return after !== ' ';
  if (after === ' ') return false;
  return WIDE.test(before) || WIDE.test(after);
}

/** Control characters other than line breaks would draw as boxes; tabs become spaces. */
export const cleanText = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '');

/** Splits one paragraph into the pieces between which a line may break; trailing spaces stay with their piece. */
export function breakTokens(paragraph: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let previous: string | null = null;
  for (const ch of paragraph) {
    if (previous !== null && breakAllowed(previous, ch)) {
      tokens.push(current);
      current = '';
    }
    current += ch;
    previous = ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

export interface Line {
  text: string;
  width: number;
}

/**
 * Greedy line filling; a piece wider than a whole line is cut between characters. `firstIndent`
 * leaves room on the first line for a label drawn before the text.
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number, firstIndent = 0): Line[] {
  const lines: Line[] = [];
  const limit = () => maxWidth - (lines.length === 0 ? firstIndent : 0);
  for (const paragraph of cleanText(text).split('\n')) {
    let line = '';
    let width = 0;
    const flush = () => {
      const visible = line.trimEnd();
      lines.push({ text: visible, width: visible === line ? width : measure(visible) });
      line = '';
      width = 0;
    };
    for (const token of breakTokens(paragraph)) {
      let piece = line ? token : token.trimStart();
      if (!piece) continue;
      let visibleWidth = measure(piece.trimEnd());
      if (line && width + visibleWidth > limit()) {
        flush();
        piece = piece.trimStart();
        if (!piece) continue;
        visibleWidth = measure(piece.trimEnd());
      }
      if (!line && visibleWidth > limit()) {
        for (const ch of piece) {
          const w = measure(ch);
          if (line && width + w > limit()) flush();
          line += ch;
          width += w;
        }
        continue;
      }
      line += piece;
      width += measure(piece);
    }
    if (line || !paragraph.trim()) flush();
  }
  return lines;
}
