import { describe, expect, it } from 'vitest';
import { searchTenderers, type TendererEntry } from './tenderer-search';

const entry = (name: string, creditCode: string): TendererEntry => ({ id: name, name, creditCode, regionCode: '320500' });
const directory = [
  entry('鼎城市交通运输局', '11320500MB1234567X'),
  entry('鼎城市第一中学', '12320500MB7654321Y'),
  entry('江南鼎城建设集团', '91320500MA1111111A'),
  entry('苏州水务集团', '91320500MA2222222B'),
];

describe('searchTenderers', () => {
  it('puts names beginning with the query before names containing it', () => {
    expect(searchTenderers(directory, '鼎城').map((e) => e.name)).toEqual(['鼎城市交通运输局', '鼎城市第一中学', '江南鼎城建设集团']);
  });

  it('finds a tenderer by its credit code, typed in any case and with spaces', () => {
    expect(searchTenderers(directory, 'ma2222 222b').map((e) => e.name)).toEqual(['苏州水务集团']);
  });

  it('lists the directory for an empty query, and at most the limit', () => {
    expect(searchTenderers(directory, '  ', 2).map((e) => e.name)).toEqual(['鼎城市交通运输局', '鼎城市第一中学']);
    expect(searchTenderers(directory, '集团', 1)).toHaveLength(1);
  });

  it('finds nothing for a query nothing matches', () => {
    expect(searchTenderers(directory, '上海')).toEqual([]);
  });
});
