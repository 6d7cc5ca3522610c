import { describe, expect, it } from 'vitest';
import { failedRecord, sampleRecord } from './record-fixture';
import { buildRecordDocument, FIELDS_PER_TABLE } from './record-document';

const sectionTitles = (input = sampleRecord()) => buildRecordDocument(input).sections.map((s) => s.title);

describe('opening record content', () => {
  it('has the sections of a closed opening in order', () => {
    expect(sectionTitles()).toEqual(['项目与标段', '开标过程', '投标人与签到', '唱标', '投标保证金', '异议与答复', '开标记录确认', '监督人员']);
  });

  it('leads a failed section with 流标 and its reason, and announces nothing', () => {
    const doc = buildRecordDocument(failedRecord());
    expect(doc.sections[0]).toMatchObject({ title: '开标结果', blocks: [{ kind: 'alert', title: '流标' }] });
    expect(JSON.stringify(doc.sections[0])).toContain('投标人少于3个，依法不予开标');
    expect(doc.sections.map((s) => s.title)).not.toContain('唱标');
    expect(JSON.stringify(doc)).toContain('未开标');
  });

  it('records the one extension of the decryption window with its reason', () => {
    const facts = buildRecordDocument(sampleRecord()).sections.find((s) => s.title === '开标过程')?.blocks[0];
    expect(facts).toMatchObject({
      kind: 'facts',
      items: expect.arrayContaining([
        { label: '解密延长至', value: '2026-11-28 09:45:00' },
        { label: '延长理由', value: '交易平台存储节点短时故障，经监督人员同意延长解密时间一次' },
      ]),
    });
  });

  it('announces in the order fixed at the deadline, whatever order the bids arrive in', () => {
    const input = sampleRecord();
    input.bids.reverse();
    const table = buildRecordDocument(input).sections.find((s) => s.title === '唱标')?.blocks[0];
    if (table?.kind !== 'table') throw new Error('no announcement table');
    expect(table.rows.map((r) => r[0]?.text)).toEqual(['1', '2', '3', '4', '5']);
    expect(table.rows[2]?.[2]).toMatchObject({ span: 4, tone: 'alert', text: expect.stringContaining('视为撤销') });
    expect(table.rows[3]?.[2]).toMatchObject({ span: 4, tone: 'alert', text: expect.stringContaining('视为撤回') });
  });

  it('continues a wide opening form in further tables', () => {
    const input = sampleRecord();
    const extra = Array.from({ length: 4 }, (_, i) => ({ key: `f${i}`, label: `附加项${i}`, type: 'integer' as const }));
    input.section.openingFormFields.push(...extra);
    const tables = buildRecordDocument(input).sections.find((s) => s.title === '唱标')?.blocks.filter((b) => b.kind === 'table') ?? [];
    expect(tables).toHaveLength(2);
    expect(tables.map((t) => t.kind === 'table' && t.columns.length)).toEqual([2 + FIELDS_PER_TABLE, 2 + 8 - FIELDS_PER_TABLE]);
    expect(tables.map((t) => t.kind === 'table' && t.caption)).toEqual(['唱标内容（1/2）', '唱标内容（2/2）']);
  });
});
