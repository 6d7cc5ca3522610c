import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { preloadDocumentFonts } from '../../../lib/documents/fonts';
import { pdfText, skipPoppler, withPoppler } from '../../../lib/documents/pdf-text';
import { failedRecord, largeRecord, sampleRecord } from './record-fixture';
import { renderOpeningRecord } from './render-record';

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

beforeAll(() => preloadDocumentFonts());

describe('opening record as HTML', () => {
  it('is one self-contained zh-CN document naming every bidder and every announced value', async () => {
    const input = sampleRecord();
    const { html } = await renderOpeningRecord(input);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>开标记录 记录编号 6f1c2d9e-4b7a-4c1e-9d2f-0a8b3c5e7f10</title>');
    expect(html).not.toMatch(/\b(src|href)\s*=|url\(|@import/i);
    for (const name of ['鼎城建工集团有限公司', '湘江路桥建设有限责任公司', '楚天市政工程有限公司', '洞庭水利水电建设有限公司']) expect(html).toContain(name);
    for (const value of ['365', '362', '合格', '张立群', '项目经理5号']) expect(html).toContain(`>${value}</td>`);
    // Prices in figures, then in capitals on their own line of the cell.
    for (const value of ['9,650,000.00\n玖佰陆拾伍万元整', '9,617,283.90\n玖佰陆拾壹万柒仟贰佰捌拾叁元玖角']) expect(html).toContain(`>${value}</td>`);
    expect(html).toContain('<td class="right alert">9,980,000.01\n玖佰玖拾捌万元零壹分\n高于最高投标限价</td>');
    expect(html).toContain('投标报价（元）');
    expect(html).toContain('工期（日历天）');
    expect(html).toContain('视为撤销投标文件（投标人原因）：所提交的解密密钥不能打开投标文件，共尝试解密 2 次。');
    expect(html).toContain('视为撤回投标文件（非投标人原因）：平台未能读取或提供所存投标文件，共尝试解密 1 次。');
    expect(html).toContain('2026-11-28 09:45:00');
    expect(html).toContain('交易平台存储节点短时故障');
    expect(html).toContain('10,500,000.00 元');
    expect(html).toContain('刘建国、陈晓梅');
    expect(html).toContain('b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184');
    expect(html).toContain('生成时间 2026-11-28 17:00:05');
  });

  it('escapes bidder names and objection texts', async () => {
    const { html } = await renderOpeningRecord(sampleRecord());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>标签</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;犇淼鑫堃建设有限公司');
    expect(html).toContain('第5号投标人名称中含有 &lt;b&gt;标签&lt;/b&gt; &amp; &quot;引号&quot;，请核实其身份≤3日内答复。');
    expect(html).toContain('经核验统一社会信用代码，该投标人身份属实');
    expect(html).toContain('未答复');
  });

  it('says 流标 for a failed section', async () => {
    const { html } = await renderOpeningRecord(failedRecord());
    expect(html).toContain('流标');
    expect(html).toContain('投标人少于3个，依法不予开标');
    expect(html).not.toContain('唱标');
  });
});

describe('opening record as PDF', () => {
  it('is a PDF whose bytes and hashes repeat exactly for the same input', async () => {
    const first = await renderOpeningRecord(sampleRecord());
    // Other records in between change what the process has cached, not the output.
    await renderOpeningRecord(largeRecord());
    await renderOpeningRecord(failedRecord());
    const second = await renderOpeningRecord(sampleRecord());
    expect(first.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(second.pdf.equals(first.pdf)).toBe(true);
    expect(second.html).toBe(first.html);
    expect(second.sha256).toEqual(first.sha256);
    expect(first.sha256.pdf).toBe(createHash('sha256').update(first.pdf).digest('hex'));
    expect(first.sha256.html).toBe(createHash('sha256').update(first.html, 'utf8').digest('hex'));
    const other = await renderOpeningRecord({ ...sampleRecord(), recordId: '00000000-0000-4000-8000-000000000000' });
    expect(other.sha256.pdf).not.toBe(first.sha256.pdf);
  });

  withPoppler('carries real Chinese glyphs: the title, the bidders and the prices come back out as text', async () => {
    const text = pdfText((await renderOpeningRecord(sampleRecord())).pdf);
    expect(text).toContain('开标记录');
    expect(text).toContain('鼎城建工集团有限公司');
    expect(text).toContain('9,650,000.00');
    // A price's capitals may wrap inside its cell.
    expect(text.replace(/\s+/g, '')).toContain('9,650,000.00玖佰陆拾伍万元整');
    expect(text).toContain('高于最高投标限价');
    expect(text).toContain('视为撤销');
    expect(text).toContain('刘建国');
    expect(text).toContain('记录编号 6f1c2d9e-4b7a-4c1e-9d2f-0a8b3c5e7f10');
    expect(text).toContain('2026-11-28 17:00:00');
  });

  withPoppler('draws characters outside the common set from the matching @fontsource file', async () => {
    const input = sampleRecord();
    input.bids[1]!.bidderName = '玙淏智能科技有限公司';
    input.objections[0]!.text = '温度≥35℃时停止作业';
    const text = pdfText((await renderOpeningRecord(input)).pdf);
    expect(text).toContain('玙淏智能科技有限公司');
    expect(text).toContain('≥35℃');
  });

  withPoppler('says 流标 for a failed section', async () => {
    const text = pdfText((await renderOpeningRecord(failedRecord())).pdf);
    expect(text).toContain('流标');
    expect(text).toContain('投标人少于3个，依法不予开标');
  });

  it('paginates 25 bidders and long objections, numbering every page, well under a second', async () => {
    const input = largeRecord();
    await renderOpeningRecord(input);
    const started = performance.now();
    const { pdf } = await renderOpeningRecord(input);
    const elapsed = performance.now() - started;
    console.info(`opening record with 25 bidders rendered in ${elapsed.toFixed(0)} ms, ${pdf.length} bytes`);
    expect(elapsed).toBeLessThan(1000);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    if (skipPoppler) return;
    const text = pdfText(pdf);
    // pdftotext drops the spaces the footer sets between Han characters and digits.
    expect(text).toMatch(new RegExp(`第\\s*${pages}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
    for (const bid of input.bids) expect(text).toContain(bid.bidderName);
  });
});
