import { describe, expect, it } from 'vitest';
import { failedRecord, sampleRecord } from './record-fixture';
import type { Block } from '../../../lib/documents/document';
import { buildRecordDocument, failureText, FIELDS_PER_TABLE } from './record-document';

const sectionTitles = (input = sampleRecord()) => buildRecordDocument(input).sections.map((s) => s.title);

describe('opening record content', () => {
  it('has the sections of a closed opening in order', () => {
    expect(sectionTitles()).toEqual(['项目与标段', '开标过程', '投标人与签到', '唱标', '投标保证金', '异议与答复', '开标记录确认', '出席人员', '开标大厅录像']);
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
    expect(table.rows[2]?.[2]).toEqual({ span: 4, align: 'left', tone: 'alert', text: '视为撤销投标文件（投标人原因）：所提交的解密密钥不能打开投标文件，共尝试解密 2 次。' });
    expect(table.rows[3]?.[2]).toEqual({ span: 4, align: 'left', tone: 'alert', text: '视为撤回投标文件（非投标人原因）：平台未能读取或提供所存投标文件，共尝试解密 1 次。' });
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

  it('says why a bid failed in one sentence, never repeating itself', () => {
    const cases = [
      failureText({ decryption: 'REVOKED', failure: { cause: 'NO_ATTEMPT', attempts: 0 } }),
      failureText({ decryption: 'REVOKED', failure: { cause: 'CLIENT_ERROR', attempts: 1 } }),
      failureText({ decryption: 'REVOKED', failure: { cause: 'FORM_INVALID', attempts: 3 } }),
      failureText({ decryption: 'WITHDRAWN', failure: { cause: 'HASH_MISMATCH', attempts: 2 } }),
      failureText({ decryption: 'REVOKED', failure: null }),
    ];
    expect(cases).toEqual([
      '视为撤销投标文件（投标人原因）：解密时限内未解密。',
      '视为撤销投标文件（投标人原因）：投标人端未能取得解密密钥，共尝试解密 1 次。',
      '视为撤销投标文件（投标人原因）：开标一览表不符合招标文件的要求，共尝试解密 3 次。',
      '视为撤回投标文件（非投标人原因）：平台所存投标文件与回执哈希不一致，共尝试解密 2 次。',
      '视为撤销投标文件（投标人原因）。',
    ]);
    for (const text of cases) {
      expect(text.match(/视为/g)).toHaveLength(1);
      expect(text).not.toMatch(/[A-Z_]{4,}/);
    }
  });

  it('writes prices in figures and capitals, and flags one above the ceiling as a fact for the committee', () => {
    const section = buildRecordDocument(sampleRecord()).sections.find((s) => s.title === '唱标')!;
    const table = section.blocks[0];
    if (table?.kind !== 'table') throw new Error('no announcement table');
    expect(table.rows[0]?.[2]).toEqual({ text: '9,650,000.00\n玖佰陆拾伍万元整' });
    expect(table.rows[1]?.[2]).toEqual({ text: '9,980,000.01\n玖佰玖拾捌万元零壹分\n高于最高投标限价', tone: 'alert' });
    // Only the price is compared with the ceiling; other columns stay as they are.
    expect(table.rows[1]?.[3]).toEqual({ text: '362' });
    const note = section.blocks.find((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph' && b.tone === 'alert');
    expect(note?.text).toBe(
      '第 2 号投标人湘江路桥建设有限责任公司的投标报价高于最高投标限价（9,980,000.00 元）。是否否决其投标，由评标委员会依《中华人民共和国招标投标法实施条例》第五十一条评审认定。',
    );
    const noCeiling = sampleRecord();
    noCeiling.section.ceilingPrice = null;
    expect(JSON.stringify(buildRecordDocument(noCeiling))).not.toContain('高于最高投标限价');
    // A price in 万元 is not spelled as yuan.
    const inTenThousands = sampleRecord();
    inTenThousands.section.openingFormFields[0]!.unit = '万元';
    expect(JSON.stringify(buildRecordDocument(inTenThousands))).not.toContain('玖佰陆拾伍万元整');
  });

  it('tells a bidder who had not confirmed when the host closed from one whose time ran out', () => {
    const rows = (input: ReturnType<typeof sampleRecord>) => {
      const table = buildRecordDocument(input).sections.find((s) => s.title === '开标记录确认')?.blocks[0];
      if (table?.kind !== 'table') throw new Error('no confirmation table');
      return table.rows.map((r) => r[1]?.text);
    };
    expect(rows(sampleRecord())).toEqual(['已确认', '已确认', '确认时限届满未确认']);
    const early = sampleRecord();
    early.opening.closedBy = 'HOST';
    early.confirmations[2]!.status = 'HOST_CLOSED';
    expect(rows(early)).toEqual(['已确认', '已确认', '主持人结束开标时尚未确认']);
    const facts = buildRecordDocument(early).sections.find((s) => s.title === '开标过程')?.blocks[0];
    expect(facts).toMatchObject({ items: expect.arrayContaining([{ label: '结束方式', value: '主持人在确认时限届满前宣布结束' }]) });
  });

  it('names the host, the tenderer’s representative and the supervisors who were in the hall', () => {
    const doc = buildRecordDocument(sampleRecord());
    const facts = doc.sections.find((s) => s.title === '开标过程')?.blocks[0];
    expect(facts).toMatchObject({
      items: expect.arrayContaining([
        { label: '主持人', value: '王主持' },
        { label: '监督人员', value: '刘建国、陈晓梅' },
      ]),
    });
    const table = doc.sections.find((s) => s.title === '出席人员')?.blocks[0];
    if (table?.kind !== 'table') throw new Error('no attendance table');
    expect(table.rows.map((r) => r.slice(0, 3).map((c) => c.text))).toEqual([
      ['主持人（招标代理机构）', '王主持', '湖南正衡工程咨询有限公司'],
      ['招标人代表', '赵代表', '鼎城区城市建设投资有限公司'],
      ['监督人员', '刘建国', '鼎城区公共资源交易监督管理局'],
      ['监督人员', '陈晓梅', '鼎城区公共资源交易监督管理局'],
    ]);
    expect(table.rows[2]?.[3]?.text).toBe('2026-11-28 08:58:00');

    const unsupervised = sampleRecord();
    unsupervised.attendees = unsupervised.attendees.filter((a) => a.role !== 'SUPERVISOR');
    const blocks = buildRecordDocument(unsupervised).sections.find((s) => s.title === '出席人员')?.blocks;
    expect(blocks?.at(-1)).toEqual({ kind: 'paragraph', tone: 'muted', text: '没有监督人员进入开标大厅。' });
    expect(buildRecordDocument(unsupervised).sections.find((s) => s.title === '开标过程')?.blocks[0]).toMatchObject({
      items: expect.arrayContaining([{ label: '监督人员', value: '无' }]),
    });
  });

  it('lists the hall’s recordings with file, duration, size and hash', () => {
    const entries = buildRecordDocument(sampleRecord()).sections.find((s) => s.title === '开标大厅录像')?.blocks[0];
    expect(entries).toEqual({
      kind: 'entries',
      items: [
        {
          heading: '录像 1\u3000王主持\u30002026-11-28 09:00:00 起，时长 1:05:07',
          parts: [
            { label: '文件', text: 'a1b2c3d4-1764291600000-video+audio.webm', tone: 'normal' },
            { label: '内容', text: '音频、视频', tone: 'normal' },
            { label: '大小', text: '734,003,200 字节', tone: 'normal' },
            { label: 'SHA-256', text: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', tone: 'normal' },
          ],
        },
      ],
    });
    const none = { ...sampleRecord(), recordings: [] };
    expect(buildRecordDocument(none).sections.find((s) => s.title === '开标大厅录像')?.blocks).toEqual([{ kind: 'paragraph', tone: 'muted', text: '开标大厅没有录像。' }]);
  });
});
