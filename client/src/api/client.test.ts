import { describe, expect, it } from 'vitest';
import { filenameOf } from './client';

describe('filenameOf', () => {
  it("prefers the UTF-8 name, which a Chinese file name needs, to the plain one that replaces it with underscores", () => {
    expect(filenameOf(`attachment; filename="____.pdf"; filename*=UTF-8''%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6.pdf`)).toBe('招标文件.pdf');
    expect(filenameOf('attachment; filename="record.pdf"')).toBe('record.pdf');
    expect(filenameOf(`attachment; filename="x.pdf"; filename*=UTF-8''%E6%8B`)).toBe('x.pdf');
    expect(filenameOf(null)).toBeNull();
  });
});
