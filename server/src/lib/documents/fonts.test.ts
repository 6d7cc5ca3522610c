import { describe, expect, it } from 'vitest';
import { documentFonts } from './fonts';

describe('document fonts', () => {
  it('draws common text in the chinese-simplified face and rare characters from the file that has them', async () => {
    const fonts = await documentFonts('开标记录 9,650,000.00 元 玙淏≥℃');
    expect(fonts.runs('开标记录 9,650,000.00 元', 400)).toEqual([{ font: 'noto-400-chinese-simplified', text: '开标记录 9,650,000.00 元' }]);
    const rare = fonts.runs('玙淏≥35℃', 700);
    expect(rare.map((r) => r.text).join('')).toBe('玙淏≥35℃');
    expect(rare.find((r) => r.text.includes('3'))?.font).toBe('noto-700-chinese-simplified');
    for (const ch of ['玙', '淏', '≥', '℃']) expect(rare.find((r) => r.text.includes(ch))?.font).toMatch(/^noto-700-\d+$/);
    const names = fonts.faces.map((f) => f.name);
    expect(names.slice(0, 1)).toEqual(['noto-400-chinese-simplified']);
    expect(names).toContain('noto-700-chinese-simplified');
    for (const face of fonts.faces) expect(face.data.subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0]));
  });

  it('keeps each face small by cutting it to the document’s characters', async () => {
    const { faces } = await documentFonts('开标记录');
    expect(faces.map((f) => f.name)).toEqual(['noto-400-chinese-simplified', 'noto-700-chinese-simplified']);
    for (const face of faces) expect(face.data.length).toBeLessThan(20_000);
  });
});
