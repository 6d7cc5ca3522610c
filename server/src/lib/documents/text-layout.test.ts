import { describe, expect, it } from 'vitest';
import { breakTokens, cleanText, wrapText } from './text-layout';

// Every character one unit wide keeps the expected breaks easy to read.
const measure = (s: string) => [...s].length;
const texts = (text: string, width: number, indent = 0) => wrapText(text, width, measure, indent).map((l) => l.text);

describe('document line breaking', () => {
  it('may break between Han characters but keeps Latin words and numbers whole', () => {
    expect(breakTokens('开标记录')).toEqual(['开', '标', '记', '录']);
    expect(breakTokens('报价 9,650,000.00 元')).toEqual(['报', '价 ', '9,650,000.00 ', '元']);
    expect(breakTokens('BH2026000001，中国')).toEqual(['BH2026000001，', '中', '国']);
  });

  it('never starts a line with closing punctuation or ends one with opening punctuation', () => {
    expect(texts('甲乙丙，丁戊', 3)).toEqual(['甲乙', '丙，丁', '戊']);
    expect(texts('甲乙（丙丁）', 3)).toEqual(['甲乙', '（丙', '丁）']);
  });

  it('cuts a word longer than the line and keeps explicit line breaks', () => {
    expect(texts('91430700MA4L00001X', 8)).toEqual(['91430700', 'MA4L0000', '1X']);
    expect(texts('第一行\r\n\n第二行', 10)).toEqual(['第一行', '', '第二行']);
    expect(texts('one two three', 7)).toEqual(['one two', 'three']);
  });

  it('leaves room for a label on the first line only', () => {
    expect(texts('甲乙丙丁戊己', 4, 2)).toEqual(['甲乙', '丙丁戊己']);
  });

  it('drops control characters that would draw as boxes', () => {
    expect(cleanText('a\u0000b\tc\u001b')).toBe('ab c');
  });
});
