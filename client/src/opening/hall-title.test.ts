import { describe, expect, it } from 'vitest';
import { hallTitle } from './hall-title';

describe('hallTitle', () => {
  it('titles the host and the bidders by their part', () => {
    expect(hallTitle('HOST', 'AGENCY')).toBe('HOST');
    expect(hallTitle('BIDDER', 'BIDDER')).toBe('BIDDER');
  });

  it('does not call the tenderer’s or the administrator’s view supervision', () => {
    expect(hallTitle('OBSERVER', 'TENDERER')).toBe('TENDERER');
    expect(hallTitle('OBSERVER', 'ADMIN')).toBe('ADMIN');
    expect(hallTitle('OBSERVER', 'SUPERVISOR')).toBe('SUPERVISOR');
  });
});
