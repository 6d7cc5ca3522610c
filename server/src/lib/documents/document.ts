/*
 * A printable document as neutral data: what the platform issues on paper (the opening record,
 * a bid receipt) is built as one of these, and the HTML and PDF renderers draw it, so the two
 * renderings always say the same thing in the same order.
 */

export type Align = 'left' | 'right' | 'center';
export type Tone = 'normal' | 'muted' | 'alert';

export interface Cell {
  /** May hold line breaks (`\n`); each starts a new line in the cell. */
  text: string;
  /** How many columns the cell covers. */
  span?: number;
  align?: Align;
  tone?: Tone;
}

export interface Column {
  label: string;
  /** Relative width; the renderer shares the line out in proportion. */
  share: number;
  align: Align;
}

export type Block =
  | { kind: 'facts'; items: { label: string; value: string }[] }
  | { kind: 'table'; caption: string | null; columns: Column[]; rows: Cell[][] }
  | { kind: 'entries'; items: Entry[] }
  | { kind: 'paragraph'; text: string; tone: Tone }
  | { kind: 'alert'; title: string; text: string };

export interface Entry {
  heading: string;
  parts: { label: string; text: string; tone: Tone }[];
}

export interface DocumentSection {
  title: string;
  blocks: Block[];
}

export interface PrintDocument {
  title: string;
  /** Under the title: the platform first (repeated in every page's header), then what the document is about. */
  subtitles: string[];
  /** The document's identity, printed on every page so a printed page can be matched to it. */
  idLine: string;
  generatedLine: string;
  timeNote: string;
  sections: DocumentSection[];
}

/** The ideographic space that separates items on one line of Chinese text. */
export const GAP = '\u3000';
