import escapeHtml from 'escape-html';
import type { Block, Cell, Column, PrintDocument, Tone } from './document';

const STYLE = `
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 210mm; padding: 12mm 14mm; color: #1a1a1a; background: #fff;
  font: 14px/1.6 "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header.page { display: flex; justify-content: space-between; gap: 1em; font-size: 12px; color: #555; border-bottom: 1px solid #999; padding-bottom: 4px; }
h1 { text-align: center; font-size: 26px; letter-spacing: 0.3em; margin: 18px 0 4px; }
p.subtitle { text-align: center; margin: 0; color: #333; }
p.note { text-align: center; margin: 4px 0 0; font-size: 12px; color: #555; }
h2 { font-size: 16px; margin: 22px 0 8px; padding-left: 8px; border-left: 4px solid #8a1f11; break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; table-layout: fixed; }
th, td { border: 1px solid #888; padding: 4px 6px; vertical-align: top; overflow-wrap: anywhere; white-space: pre-wrap; }
th { background: #eee; font-weight: 700; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
caption { text-align: left; font-weight: 700; padding: 2px 0; }
table.facts th { width: 24%; text-align: left; }
.right { text-align: right; } .center { text-align: center; } .left { text-align: left; }
.muted { color: #666; } .alert { color: #a3130b; }
div.alert { border: 2px solid #a3130b; color: #a3130b; padding: 8px 12px; margin: 6px 0; }
div.alert strong { font-size: 18px; margin-right: 0.6em; }
section.entry { border-left: 3px solid #bbb; padding: 2px 0 2px 10px; margin: 8px 0 12px; break-inside: avoid; }
section.entry h3 { font-size: 14px; margin: 0 0 4px; }
section.entry p { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
section.entry b { margin-right: 0.3em; }
footer.page { margin-top: 24px; border-top: 1px solid #999; padding-top: 4px; font-size: 12px; color: #555; display: flex; justify-content: space-between; gap: 1em; }
@media print { body { padding: 0; max-width: none; } }
`;

const esc = (text: string) => escapeHtml(text);

const toneClass = (tone: Tone | undefined) => (tone && tone !== 'normal' ? tone : '');

const classAttr = (...names: string[]) => {
  const list = names.filter(Boolean).join(' ');
  return list ? ` class="${list}"` : '';
};

function cell(c: Cell, column: Column | undefined): string {
  const span = c.span && c.span > 1 ? ` colspan="${c.span}"` : '';
  return `<td${span}${classAttr(c.align ?? column?.align ?? 'left', toneClass(c.tone))}>${esc(c.text)}</td>`;
}

function row(cells: Cell[], columns: Column[]): string {
  let col = 0;
  const html = cells.map((c) => {
    const out = cell(c, columns[col]);
    col += c.span ?? 1;
    return out;
  });
  return `<tr>${html.join('')}</tr>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'facts':
      return `<table class="facts"><tbody>${b.items.map((i) => `<tr><th scope="row">${esc(i.label)}</th><td>${esc(i.value)}</td></tr>`).join('')}</tbody></table>`;
    case 'table': {
      const total = b.columns.reduce((sum, c) => sum + c.share, 0);
      const cols = b.columns.map((c) => `<col style="width:${((c.share / total) * 100).toFixed(2)}%">`).join('');
      const head = b.columns.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('');
      const caption = b.caption === null ? '' : `<caption>${esc(b.caption)}</caption>`;
      return `<table>${caption}<colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${b.rows.map((r) => row(r, b.columns)).join('')}</tbody></table>`;
    }
    case 'entries':
      return b.items
        .map(
          (e) =>
            `<section class="entry"><h3>${esc(e.heading)}</h3>${e.parts
              .map((p) => `<p${classAttr(toneClass(p.tone))}><b>${esc(p.label)}：</b>${esc(p.text)}</p>`)
              .join('')}</section>`,
        )
        .join('');
    case 'paragraph':
      return `<p${classAttr(toneClass(b.tone))}>${esc(b.text)}</p>`;
    case 'alert':
      return `<div class="alert" role="alert"><strong>${esc(b.title)}</strong>${esc(b.text)}</div>`;
  }
}

/** A self-contained, printable page: inline CSS, no scripts, no external resources. */
export function renderDocumentHtml(doc: PrintDocument): string {
  const sections = doc.sections.map((s) => `<section><h2>${esc(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(`${doc.title} ${doc.idLine}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="page"><span>${esc(doc.subtitles[0] ?? '')}</span><span>${esc(doc.idLine)}</span></header>
<h1>${esc(doc.title)}</h1>
${doc.subtitles
  .slice(1)
  .map((s) => `<p class="subtitle">${esc(s)}</p>`)
  .join('\n')}
<p class="note">${esc(doc.timeNote)}</p>
${sections}
<footer class="page"><span>${esc(doc.idLine)}</span><span>${esc(doc.generatedLine)}</span></footer>
</body>
</html>
`;
}
