import PDFDocument from 'pdfkit';
import { documentFonts, type DocumentFonts, type Weight } from './fonts';
import { GAP, type Align, type Block, type Cell, type Entry, type PrintDocument, type Tone } from './document';
import { wrapText, type Line } from './text-layout';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 50, right: 50, top: 64, bottom: 62 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

const SIZE = { title: 22, subtitle: 11, heading: 12.5, entry: 10, body: 9.5, small: 8 };
const LEADING = 1.5;
const CELL = { padX: 4, padY: 3 };

const COLOR = { text: '#1a1a1a', muted: '#666666', alert: '#a3130b', accent: '#8a1f11', rule: '#888888', fill: '#eeeeee', labelFill: '#f5f5f5' };

const toneColor = (tone: Tone | undefined) => (tone === 'alert' ? COLOR.alert : tone === 'muted' ? COLOR.muted : COLOR.text);

const lineHeight = (size: number) => size * LEADING;

const pageLabel = (page: number, pages: number) => `第 ${page} 页 / 共 ${pages} 页`;

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  /** Written as the creation and modification date, so the bytes depend on the input alone. */
  createdAt: Date;
}

interface PdfCell {
  text: string;
  span: number;
  align: Align;
  tone: Tone;
  weight: Weight;
  fill: string | null;
}

interface LaidCell extends PdfCell {
  x: number;
  width: number;
  lines: Line[];
}

class Composer {
  y = MARGIN.top;
  private readonly widths = new Map<string, number>();

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly fonts: DocumentFonts,
  ) {}

  measure(text: string, weight: Weight, size: number): number {
    const key = `${weight}|${size}|${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = 0;
      for (const run of this.fonts.runs(text, weight)) width += this.doc.font(run.font).fontSize(size).widthOfString(run.text);
      this.widths.set(key, width);
    }
    return width;
  }

  wrap(text: string, width: number, weight: Weight, size: number, firstIndent = 0): Line[] {
    return wrapText(text, width, (s) => this.measure(s, weight, size), firstIndent);
  }

  draw(text: string, x: number, y: number, weight: Weight, size: number, color: string): void {
    let cx = x;
    for (const run of this.fonts.runs(text, weight)) {
      this.doc.font(run.font).fontSize(size).fillColor(color).text(run.text, cx, y, { lineBreak: false });
      cx += this.doc.widthOfString(run.text);
    }
  }

  drawAligned(line: Line, x: number, width: number, align: Align, y: number, weight: Weight, size: number, color: string): void {
    const offset = align === 'right' ? width - line.width : align === 'center' ? (width - line.width) / 2 : 0;
    this.draw(line.text, x + offset, y, weight, size, color);
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  title(doc: PrintDocument): void {
    const size = SIZE.title;
    const line = { text: doc.title, width: this.measure(doc.title, 700, size) };
    this.drawAligned(line, MARGIN.left, CONTENT_WIDTH, 'center', this.y, 700, size, COLOR.text);
    this.y += lineHeight(size) + 4;
    for (const subtitle of doc.subtitles) {
      for (const l of this.wrap(subtitle, CONTENT_WIDTH, 400, SIZE.subtitle)) {
        this.drawAligned(l, MARGIN.left, CONTENT_WIDTH, 'center', this.y, 400, SIZE.subtitle, COLOR.text);
        this.y += lineHeight(SIZE.subtitle);
      }
    }
    const note = { text: doc.timeNote, width: this.measure(doc.timeNote, 400, SIZE.small) };
    this.drawAligned(note, MARGIN.left, CONTENT_WIDTH, 'center', this.y + 2, 400, SIZE.small, COLOR.muted);
    this.y += lineHeight(SIZE.small) + 6;
  }

  heading(text: string): void {
    const size = SIZE.heading;
    // A heading never ends a page: keep room for it and a few lines of what follows.
    this.ensure(lineHeight(size) + 10 + 4 * lineHeight(SIZE.body));
    this.y += 8;
    this.doc.rect(MARGIN.left, this.y + 2, 3.5, size + 1).fill(COLOR.accent);
    this.draw(text, MARGIN.left + 9, this.y, 700, size, COLOR.text);
    this.y += lineHeight(size) + 2;
  }

  /** Lines of one paragraph, moving to a new page between lines as needed. */
  lines(lines: Line[], x: number, weight: Weight, size: number, color: string, firstX = x): void {
    const lh = lineHeight(size);
    lines.forEach((line, i) => {
      this.ensure(lh);
      this.draw(line.text, i === 0 ? firstX : x, this.y, weight, size, color);
      this.y += lh;
    });
  }

  paragraph(text: string, tone: Tone): void {
    this.lines(this.wrap(text, CONTENT_WIDTH, 400, SIZE.body), MARGIN.left, 400, SIZE.body, toneColor(tone));
    this.y += 4;
  }

  alert(title: string, text: string): void {
    const pad = 8;
    const titleSize = 15;
    const lines = this.wrap(text, CONTENT_WIDTH - 2 * pad, 400, SIZE.body + 1);
    const height = 2 * pad + lineHeight(titleSize) + lines.length * lineHeight(SIZE.body + 1);
    this.ensure(height);
    this.doc.lineWidth(1.5).rect(MARGIN.left, this.y, CONTENT_WIDTH, height).stroke(COLOR.alert);
    let y = this.y + pad;
    this.draw(title, MARGIN.left + pad, y, 700, titleSize, COLOR.alert);
    y += lineHeight(titleSize);
    for (const line of lines) {
      this.draw(line.text, MARGIN.left + pad, y, 400, SIZE.body + 1, COLOR.alert);
      y += lineHeight(SIZE.body + 1);
    }
    this.y += height + 6;
  }

  entries(items: Entry[]): void {
    const indent = 12;
    for (const item of items) {
      this.ensure(lineHeight(SIZE.entry) + 3 * lineHeight(SIZE.body));
      this.y += 2;
      this.lines(this.wrap(item.heading, CONTENT_WIDTH, 700, SIZE.entry), MARGIN.left, 700, SIZE.entry, COLOR.text);
      for (const part of item.parts) {
        const label = `${part.label}：`;
        const labelWidth = this.measure(label, 700, SIZE.body);
        const lines = this.wrap(part.text, CONTENT_WIDTH - indent, 400, SIZE.body, labelWidth);
        this.ensure(lineHeight(SIZE.body));
        this.draw(label, MARGIN.left + indent, this.y, 700, SIZE.body, COLOR.text);
        this.lines(lines, MARGIN.left + indent, 400, SIZE.body, toneColor(part.tone), MARGIN.left + indent + labelWidth);
      }
      this.y += 6;
    }
  }

  private layRow(cells: PdfCell[], widths: number[]): LaidCell[] {
    let column = 0;
    let x = MARGIN.left;
    return cells.map((cell) => {
      const width = widths.slice(column, column + cell.span).reduce((a, b) => a + b, 0);
      const laid = { ...cell, x, width, lines: this.wrap(cell.text, width - 2 * CELL.padX, cell.weight, SIZE.body) };
      column += cell.span;
      x += width;
      return laid;
    });
  }

  private drawRow(row: LaidCell[], from: number, to: number): void {
    const lh = lineHeight(SIZE.body);
    const height = (to - from) * lh + 2 * CELL.padY;
    for (const cell of row) {
      if (cell.fill) this.doc.rect(cell.x, this.y, cell.width, height).fill(cell.fill);
      this.doc.lineWidth(0.5).rect(cell.x, this.y, cell.width, height).stroke(COLOR.rule);
      cell.lines.slice(from, to).forEach((line, i) => {
        const y = this.y + CELL.padY + i * lh;
        this.drawAligned(line, cell.x + CELL.padX, cell.width - 2 * CELL.padX, cell.align, y, cell.weight, SIZE.body, toneColor(cell.tone));
      });
    }
    this.y += height;
  }

  /**
   * Rows move whole to the next page when they fit there; only a row taller than a page is split
   * between lines. The header row repeats on every page the table reaches.
   */
  table(caption: string | null, shares: number[], header: PdfCell[] | null, rows: PdfCell[][]): void {
    const total = shares.reduce((a, b) => a + b, 0);
    const widths = shares.map((s) => (s / total) * CONTENT_WIDTH);
    const lh = lineHeight(SIZE.body);
    const laidHeader = header ? this.layRow(header, widths) : null;
    const headerLines = laidHeader ? Math.max(...laidHeader.map((c) => c.lines.length)) : 0;
    const headerHeight = laidHeader ? headerLines * lh + 2 * CELL.padY : 0;
    const captionHeight = caption === null ? 0 : lineHeight(SIZE.body) + 2;
    const drawHeader = () => {
      if (laidHeader) this.drawRow(laidHeader, 0, headerLines);
    };
    this.ensure(captionHeight + headerHeight + lh + 2 * CELL.padY);
    if (caption !== null) {
      this.draw(caption, MARGIN.left, this.y, 700, SIZE.body, COLOR.text);
      this.y += captionHeight;
    }
    drawHeader();
    const pageCapacity = Math.floor((BOTTOM - MARGIN.top - headerHeight - 2 * CELL.padY) / lh);
    for (const row of rows) {
      const laid = this.layRow(row, widths);
      const count = Math.max(1, ...laid.map((c) => c.lines.length));
      let from = 0;
      while (from < count) {
        const fits = Math.floor((BOTTOM - this.y - 2 * CELL.padY) / lh);
        if (count - from <= fits) {
          this.drawRow(laid, from, count);
          break;
        }
        if (fits >= 1 && !(from === 0 && count <= pageCapacity)) {
          this.drawRow(laid, from, from + fits);
          from += fits;
        }
        this.newPage();
        drawHeader();
      }
    }
    this.y += 8;
  }

  block(block: Block): void {
    switch (block.kind) {
      case 'facts':
        this.table(
          null,
          [1, 3],
          null,
          block.items.map((item) => [
            { text: item.label, span: 1, align: 'left', tone: 'normal', weight: 700, fill: COLOR.labelFill },
            { text: item.value, span: 1, align: 'left', tone: 'normal', weight: 400, fill: null },
          ]),
        );
        return;
      case 'table': {
        const header = block.columns.map((c): PdfCell => ({ text: c.label, span: 1, align: 'center', tone: 'normal', weight: 700, fill: COLOR.fill }));
        const rows = block.rows.map((row) => {
          let column = 0;
          return row.map((cell: Cell): PdfCell => {
            const align = cell.align ?? block.columns[column]?.align ?? 'left';
            const span = cell.span ?? 1;
            column += span;
            return { text: cell.text, span, align, tone: cell.tone ?? 'normal', weight: 400, fill: null };
          });
        });
        this.table(block.caption, block.columns.map((c) => c.share), header, rows);
        return;
      }
      case 'entries':
        this.entries(block.items);
        return;
      case 'paragraph':
        this.paragraph(block.text, block.tone);
        return;
      case 'alert':
        this.alert(block.title, block.text);
        return;
    }
  }

  /** Drawn last, once the page count is known. */
  furniture(doc: PrintDocument): void {
    const { start, count } = this.doc.bufferedPageRange();
    const size = SIZE.small;
    const right = (text: string, y: number) =>
      this.drawAligned({ text, width: this.measure(text, 400, size) }, MARGIN.left, CONTENT_WIDTH, 'right', y, 400, size, COLOR.muted);
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(start + i);
      const headerY = 30;
      this.draw(doc.subtitles[0] ?? '', MARGIN.left, headerY, 400, size, COLOR.muted);
      right(doc.idLine, headerY);
      this.doc.lineWidth(0.5).moveTo(MARGIN.left, headerY + 15).lineTo(PAGE.width - MARGIN.right, headerY + 15).stroke(COLOR.rule);
      const footerY = PAGE.height - MARGIN.bottom + 20;
      this.doc.lineWidth(0.5).moveTo(MARGIN.left, footerY - 5).lineTo(PAGE.width - MARGIN.right, footerY - 5).stroke(COLOR.rule);
      this.draw(`${doc.idLine}${GAP}${doc.generatedLine}`, MARGIN.left, footerY, 400, size, COLOR.muted);
      right(pageLabel(i + 1, count), footerY);
    }
  }
}

// Every string of the model, plus what the page furniture adds, so no glyph is left out of the subset.
const documentText = (doc: PrintDocument) => `${JSON.stringify(doc)}${pageLabel(0, 0)}0123456789`;

/** An A4 PDF of the document with its Chinese text embedded (subset fonts), the same bytes for the same input. */
export async function renderDocumentPdf(doc: PrintDocument, meta: PdfMeta): Promise<Buffer> {
  const fonts = await documentFonts(documentText(doc));
  const pdf = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Creator: meta.author,
      Producer: 'bidhall',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  for (const face of fonts.faces) pdf.registerFont(face.name, face.data);

  const composer = new Composer(pdf, fonts);
  composer.newPage();
  composer.title(doc);
  for (const section of doc.sections) {
    composer.heading(section.title);
    for (const block of section.blocks) composer.block(block);
  }
  composer.furniture(doc);
  pdf.end();
  return done;
}
