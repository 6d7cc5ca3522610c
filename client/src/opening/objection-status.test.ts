import type { TObjection } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import { sentObjectionState } from './objection-status';

const org = '00000000-0000-4000-8000-00000000000a';
const objection = (id: string, text: string, answeredAt: string | null = null): TObjection => ({
  id,
  bidderOrgId: org,
  bidderName: '甲公司',
  text,
  raisedAt: '2026-12-01T02:00:00.000Z',
  answer: answeredAt ? '已核实' : null,
  answeredAt,
});

describe('sentObjectionState', () => {
  it('waits until the host answers, then says so', () => {
    const sent = { objectionId: 'b', text: '唱标价格有误', bidderOrgId: org };
    expect(sentObjectionState([objection('a', '其他', '2026-12-01T02:01:00.000Z'), objection('b', '唱标价格有误')], sent)).toBe('waiting');
    expect(sentObjectionState([objection('b', '唱标价格有误', '2026-12-01T02:03:00.000Z')], sent)).toBe('answered');
  });

  it('is waiting while the hall has not yet received the objection', () => {
    expect(sentObjectionState([], { objectionId: 'b', text: 'x', bidderOrgId: org })).toBe('waiting');
  });

  it('finds a resent objection by its organization and text, the newest first', () => {
    const sent = { objectionId: null, text: '唱标价格有误', bidderOrgId: org };
    expect(sentObjectionState([objection('a', '唱标价格有误', '2026-12-01T02:01:00.000Z'), objection('b', '唱标价格有误')], sent)).toBe('waiting');
    expect(sentObjectionState([objection('b', '唱标价格有误', '2026-12-01T02:03:00.000Z')], sent)).toBe('answered');
  });
});
