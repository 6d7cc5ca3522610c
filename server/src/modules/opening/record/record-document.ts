import { type Block, type Cell, type Column, type DocumentSection, GAP, type PrintDocument, type Tone } from '../../../lib/documents/document';
import { formatCst, formatMoneyYuan } from '../../../lib/documents/format';
import { fieldHeader, formatFieldValue } from './format';
import type { OpeningRecordBid, OpeningRecordDecryption, OpeningRecordField, OpeningRecordInput } from './record-input';

export const RECORD_TITLE = '开标记录';

/** More field columns than this and the announcement continues in a second table, so A4 portrait stays legible. */
export const FIELDS_PER_TABLE = 5;

const NONE = '无';

const decryptionLabel = (d: OpeningRecordDecryption, failed: boolean): string =>
  ({
    PENDING: failed ? '未开标' : '未解密',
    DECRYPTED: '解密成功',
    REVOKED: '视为撤销',
    WITHDRAWN: '视为撤回',
  })[d];

const decryptionTone = (d: OpeningRecordDecryption): Tone => (d === 'REVOKED' || d === 'WITHDRAWN' ? 'alert' : 'normal');

/** Why a failed bid is out, in the terms of 《电子招标投标办法》 art. 31. */
const failureText = (bid: OpeningRecordBid): string => {
  const cause = bid.decryption === 'REVOKED' ? '投标人原因未能解密，视为撤销投标文件' : '非投标人原因未能解密，视为撤回投标文件';
  return bid.failureNote ? `${cause}：${bid.failureNote}` : cause;
};

const bondKind = { CASH: '现金', GUARANTEE: '电子保函', MISSING: '未提交' } as const;

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const fieldShare = (f: OpeningRecordField) => (f.type === 'money' || f.type === 'text' ? 1.5 : 1.4);

function announcementTables(input: OpeningRecordInput, bids: OpeningRecordBid[]): Block[] {
  const groups = chunk(input.section.openingFormFields, FIELDS_PER_TABLE);
  return groups.map((fields, i) => ({
    kind: 'table',
    caption: groups.length > 1 ? `唱标内容（${i + 1}/${groups.length}）` : null,
    columns: [
      { label: '序号', share: 0.6, align: 'center' },
      { label: '投标人', share: 2.4, align: 'left' },
      ...fields.map((f): Column => ({ label: fieldHeader(f), share: fieldShare(f), align: f.type === 'text' ? 'left' : 'right' })),
    ],
    rows: bids.map((bid): Cell[] => {
      const head: Cell[] = [{ text: String(bid.order) }, { text: bid.bidderName }];
      if (bid.decryption === 'DECRYPTED') return [...head, ...fields.map((f) => ({ text: formatFieldValue(f, bid.form?.[f.key]) }))];
      const text = bid.decryption === 'PENDING' ? decryptionLabel(bid.decryption, false) : failureText(bid);
      return [...head, { text, span: fields.length, align: 'left', tone: decryptionTone(bid.decryption) }];
    }),
  }));
}

function summary(bids: OpeningRecordBid[]): string {
  const count = (d: OpeningRecordDecryption) => bids.filter((b) => b.decryption === d).length;
  return `截止时投标人 ${bids.length} 家；解密成功 ${count('DECRYPTED')} 家，视为撤销 ${count('REVOKED')} 家，视为撤回 ${count('WITHDRAWN')} 家`;
}

/** The record as a printable document (see lib/documents), which both renderers draw. */
export function buildRecordDocument(input: OpeningRecordInput): PrintDocument {
  const { project, section, opening } = input;
  const failed = opening.outcome === 'FAILED';
  const bids = [...input.bids].sort((a, b) => a.order - b.order);
  const sections: DocumentSection[] = [];

  if (failed) {
    sections.push({
      title: '开标结果',
      blocks: [{ kind: 'alert', title: '流标', text: `本标段流标，未开标。原因：${(opening.failureReason ?? '未载明').replace(/[。.]+$/, '')}。招标人应依法重新招标。` }],
    });
  }

  sections.push({
    title: '项目与标段',
    blocks: [
      {
        kind: 'facts',
        items: [
          { label: '项目编号', value: project.code },
          { label: '项目名称', value: project.name },
          { label: '招标人', value: project.tendererName },
          { label: '招标代理机构', value: project.agencyName },
          { label: '标段编号', value: section.code },
          { label: '标段名称', value: section.name },
          { label: '估算价', value: formatMoneyYuan(section.estimatedPrice) },
          { label: '最高投标限价', value: section.ceilingPrice === null ? '未设' : formatMoneyYuan(section.ceilingPrice) },
          { label: '投标保证金', value: formatMoneyYuan(section.bondAmount) },
          { label: '投标截止（开标）时间', value: formatCst(section.bidDeadline) },
        ],
      },
    ],
  });

  const times: { label: string; value: string }[] = [];
  if (opening.startedAt) times.push({ label: '开始解密', value: formatCst(opening.startedAt) });
  if (opening.decryptWindowEndsAt) times.push({ label: '解密截止', value: formatCst(opening.decryptWindowEndsAt) });
  if (opening.extension) {
    times.push({ label: '解密延长至', value: formatCst(opening.extension.until) });
    times.push({ label: '延长理由', value: opening.extension.reason });
  }
  if (opening.confirmWindowEndsAt) times.push({ label: '确认截止', value: formatCst(opening.confirmWindowEndsAt) });
  times.push({ label: failed ? '宣布流标' : '开标结束', value: formatCst(opening.closedAt) });
  times.push({ label: '开标情况', value: failed ? `截止时投标人 ${bids.length} 家；流标，未解密` : summary(bids) });
  sections.push({ title: '开标过程', blocks: [{ kind: 'facts', items: times }] });

  sections.push({
    title: '投标人与签到',
    blocks: [
      {
        kind: 'table',
        caption: null,
        columns: [
          { label: '序号', share: 0.6, align: 'center' },
          { label: '投标人', share: 2.6, align: 'left' },
          { label: '统一社会信用代码', share: 2, align: 'left' },
          { label: '签到时间', share: 2, align: 'left' },
          { label: '解密结果', share: 1.1, align: 'center' },
        ],
        rows: bids.map((bid) => [
          { text: String(bid.order) },
          { text: bid.bidderName },
          { text: bid.creditCode },
          bid.signedInAt ? { text: formatCst(bid.signedInAt) } : { text: '未签到', tone: 'muted' },
          { text: decryptionLabel(bid.decryption, failed), tone: decryptionTone(bid.decryption) },
        ]),
      },
    ],
  });

  if (!failed) {
    sections.push({
      title: '唱标',
      blocks: [
        ...announcementTables(input, bids),
        { kind: 'paragraph', tone: 'muted', text: '唱标顺序于投标截止时确定。未能解密的投标文件不参加唱标，其认定结果及原因如上所列。' },
      ],
    });
  }

  sections.push({
    title: '投标保证金',
    blocks: [
      {
        kind: 'table',
        caption: null,
        columns: [
          { label: '序号', share: 0.6, align: 'center' },
          { label: '投标人', share: 2.8, align: 'left' },
          { label: '形式', share: 1.1, align: 'center' },
          { label: '说明', share: 3.7, align: 'left' },
        ],
        rows: bids.map((bid) => [
          { text: String(bid.order) },
          { text: bid.bidderName },
          { text: bondKind[bid.bond.kind], tone: bid.bond.kind === 'MISSING' ? 'alert' : 'normal' },
          { text: bid.bond.detail ?? '—' },
        ]),
      },
    ],
  });

  sections.push({
    title: '异议与答复',
    blocks: input.objections.length
      ? [
          {
            kind: 'entries',
            items: input.objections.map((o, i) => ({
              heading: `异议 ${i + 1}${GAP}${o.bidderName}${GAP}${formatCst(o.raisedAt)}`,
              parts: [
                { label: '异议内容', text: o.text, tone: 'normal' },
                o.answer === null
                  ? { label: '答复', text: '未答复', tone: 'alert' }
                  : { label: o.answeredAt ? `答复（${formatCst(o.answeredAt)}）` : '答复', text: o.answer, tone: 'normal' },
              ],
            })),
          },
        ]
      : [{ kind: 'paragraph', tone: 'muted', text: '开标过程中无投标人提出异议。' }],
  });

  sections.push({
    title: '开标记录确认',
    blocks: input.confirmations.length
      ? [
          {
            kind: 'table',
            caption: null,
            columns: [
              { label: '投标人', share: 3, align: 'left' },
              { label: '确认情况', share: 2, align: 'center' },
              { label: '确认时间', share: 2, align: 'left' },
            ],
            rows: input.confirmations.map((c) => [
              { text: c.bidderName },
              c.status === 'CONFIRMED' ? { text: '已确认' } : { text: '确认时限届满未确认', tone: 'muted' },
              { text: c.at ? formatCst(c.at) : '—' },
            ]),
          },
        ]
      : [{ kind: 'paragraph', tone: 'muted', text: NONE }],
  });

  sections.push({
    title: '监督人员',
    blocks: [{ kind: 'paragraph', tone: 'normal', text: input.supervisors.length ? input.supervisors.join('、') : NONE }],
  });

  return {
    title: RECORD_TITLE,
    subtitles: [input.platformName, `${project.name}${GAP}${section.name}`],
    idLine: `记录编号 ${input.recordId}`,
    generatedLine: `生成时间 ${formatCst(input.generatedAt)}`,
    timeNote: '本记录所列时间均为北京时间（UTC+8）。',
    sections,
  };
}
