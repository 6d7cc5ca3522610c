import { type Block, type Cell, type Column, type DocumentSection, GAP, type PrintDocument, type Tone } from '../../../lib/documents/document';
import { exceedsCeiling, yuanInWords, ZMoney } from '@bidhall/contracts';
import { formatBytes, formatCst, formatMoneyYuan } from '../../../lib/documents/format';
import { fieldHeader, fieldUnit, formatFieldValue } from './format';
import type {
  OpeningRecordAttendee,
  OpeningRecordBid,
  OpeningRecordConfirmation,
  OpeningRecordDecryption,
  OpeningRecordFailure,
  OpeningRecordField,
  OpeningRecordInput,
  OpeningRecordRecording,
} from './record-input';

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

const FAILURE_CAUSE: Record<OpeningRecordFailure['cause'], string> = {
  NO_ATTEMPT: '解密时限内未解密',
  WRONG_KEY: '所提交的解密密钥不能打开投标文件',
  CLIENT_ERROR: '投标人端未能取得解密密钥',
  STORAGE_ERROR: '平台未能读取或提供所存投标文件',
  HASH_MISMATCH: '平台所存投标文件与回执哈希不一致',
  CORRUPT_ENVELOPE: '投标文件本身无法解密',
  FORM_INVALID: '开标一览表不符合招标文件的要求',
};

/** Why a failed bid is out, in the terms of 《电子招标投标办法》 art. 31, in one sentence from the evidence. */
export function failureText(bid: Pick<OpeningRecordBid, 'decryption' | 'failure'>): string {
  const verdict = bid.decryption === 'REVOKED' ? '视为撤销投标文件（投标人原因）' : '视为撤回投标文件（非投标人原因）';
  if (!bid.failure) return `${verdict}。`;
  const tries = bid.failure.attempts > 0 ? `，共尝试解密 ${bid.failure.attempts} 次` : '';
  return `${verdict}：${FAILURE_CAUSE[bid.failure.cause]}${tries}。`;
}

/** The bid price: the opening form's required money field `price`. */
const PRICE_KEY = 'price';

/** A money value as announced, with its capital numerals when the unit is the yuan itself. */
function moneyCell(field: OpeningRecordField, value: string | number | undefined, aboveCeiling: boolean): Cell {
  const figures = formatFieldValue(field, value);
  const words = fieldUnit(field) === '元' && typeof value === 'string' && ZMoney.safeParse(value).success ? `\n${yuanInWords(value)}` : '';
  return aboveCeiling ? { text: `${figures}${words}\n高于最高投标限价`, tone: 'alert' } : { text: `${figures}${words}` };
}

const bondKind = { CASH: '现金', GUARANTEE: '电子保函', MISSING: '未提交' } as const;

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

// A money column is wider: it carries the amount in capitals under the figures.
const fieldShare = (f: OpeningRecordField) => (f.type === 'money' ? 2.2 : f.type === 'text' ? 1.5 : 1.4);

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
      if (bid.decryption === 'DECRYPTED') {
        const aboveCeiling = exceedsCeiling(bid.form?.[PRICE_KEY], input.section.ceilingPrice);
        return [
          ...head,
          ...fields.map((f) => (f.type === 'money' ? moneyCell(f, bid.form?.[f.key], aboveCeiling && f.key === PRICE_KEY) : { text: formatFieldValue(f, bid.form?.[f.key]) })),
        ];
      }
      const text = bid.decryption === 'PENDING' ? decryptionLabel(bid.decryption, false) : failureText(bid);
      return [...head, { text, span: fields.length, align: 'left', tone: decryptionTone(bid.decryption) }];
    }),
  }));
}

/** The prices above the ceiling, stated as facts: whether to reject is the committee's to decide (条例 art. 51). */
function ceilingNote(input: OpeningRecordInput, bids: OpeningRecordBid[]): Block[] {
  const ceiling = input.section.ceilingPrice;
  const above = bids.filter((b) => b.decryption === 'DECRYPTED' && exceedsCeiling(b.form?.[PRICE_KEY], ceiling));
  if (ceiling === null || above.length === 0) return [];
  const who = above.map((b) => `第 ${b.order} 号投标人${b.bidderName}`).join('、');
  return [
    {
      kind: 'paragraph',
      tone: 'alert',
      text: `${who}的投标报价高于最高投标限价（${formatMoneyYuan(ceiling)}）。是否否决其投标，由评标委员会依《中华人民共和国招标投标法实施条例》第五十一条评审认定。`,
    },
  ];
}

const CLOSED_BY = { ALL_CONFIRMED: '全部投标人确认开标记录后结束', TIME_RAN_OUT: '确认时限届满后结束', HOST: '主持人在确认时限届满前宣布结束' } as const;

const CONFIRMATION: Record<OpeningRecordConfirmation['status'], Cell> = {
  CONFIRMED: { text: '已确认' },
  TIME_RAN_OUT: { text: '确认时限届满未确认', tone: 'muted' },
  HOST_CLOSED: { text: '主持人结束开标时尚未确认', tone: 'muted' },
};

const ATTENDEE_ROLE: Record<OpeningRecordAttendee['role'], string> = {
  AGENCY: '主持人（招标代理机构）',
  TENDERER: '招标人代表',
  SUPERVISOR: '监督人员',
  ADMIN: '交易平台工作人员',
};
const ROLE_ORDER = Object.keys(ATTENDEE_ROLE) as OpeningRecordAttendee['role'][];

const namesOf = (attendees: OpeningRecordAttendee[], role: OpeningRecordAttendee['role']) =>
  attendees
    .filter((a) => a.role === role)
    .map((a) => a.name)
    .join('、');

function attendanceBlocks(attendees: OpeningRecordAttendee[]): Block[] {
  const sorted = [...attendees].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
  const blocks: Block[] = [];
  if (sorted.length) {
    blocks.push({
      kind: 'table',
      caption: null,
      columns: [
        { label: '身份', share: 2, align: 'left' },
        { label: '姓名', share: 1.6, align: 'left' },
        { label: '单位', share: 3, align: 'left' },
        { label: '进入开标大厅时间', share: 2, align: 'left' },
      ],
      rows: sorted.map((a) => [{ text: ATTENDEE_ROLE[a.role] }, { text: a.name }, { text: a.orgName ?? '—' }, { text: formatCst(a.at) }]),
    });
  }
  if (!sorted.some((a) => a.role === 'SUPERVISOR')) blocks.push({ kind: 'paragraph', tone: 'muted', text: '没有监督人员进入开标大厅。' });
  return blocks;
}

const KINDS = { audio: '音频', video: '视频' } as const;

/** mm:ss, or h:mm:ss from an hour. */
function duration(from: string, to: string): string {
  const total = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  const [h, m, sec] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

function recordingBlocks(recordings: OpeningRecordRecording[]): Block[] {
  if (!recordings.length) return [{ kind: 'paragraph', tone: 'muted', text: '开标大厅没有录像。' }];
  return [
    {
      kind: 'entries',
      items: recordings.map((r, i) => ({
        heading: `录像 ${i + 1}${GAP}${r.who ?? '—'}${GAP}${formatCst(r.startedAt)} 起，时长 ${duration(r.startedAt, r.endedAt)}`,
        parts: [
          { label: '文件', text: r.file, tone: 'normal' },
          { label: '内容', text: r.kinds.map((k) => KINDS[k]).join('、'), tone: 'normal' },
          { label: '大小', text: formatBytes(r.bytes), tone: 'normal' },
          { label: 'SHA-256', text: r.sha256, tone: 'normal' },
        ],
      })),
    },
    { kind: 'paragraph', tone: 'muted', text: '录像文件的 SHA-256 已载入平台审计链，可据此核对文件未被改动。' },
  ];
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
  if (opening.closedBy) times.push({ label: '结束方式', value: CLOSED_BY[opening.closedBy] });
  times.push({ label: '主持人', value: namesOf(input.attendees, 'AGENCY') || '未进入开标大厅' });
  times.push({ label: '监督人员', value: namesOf(input.attendees, 'SUPERVISOR') || NONE });
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
        ...ceilingNote(input, bids),
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
            rows: input.confirmations.map((c) => [{ text: c.bidderName }, CONFIRMATION[c.status], { text: c.at ? formatCst(c.at) : '—' }]),
          },
        ]
      : [{ kind: 'paragraph', tone: 'muted', text: NONE }],
  });

  sections.push({ title: '出席人员', blocks: attendanceBlocks(input.attendees) });
  sections.push({ title: '开标大厅录像', blocks: recordingBlocks(input.recordings) });

  return {
    title: RECORD_TITLE,
    subtitles: [input.platformName, `${project.name}${GAP}${section.name}`],
    idLine: `记录编号 ${input.recordId}`,
    generatedLine: `生成时间 ${formatCst(input.generatedAt)}`,
    timeNote: '本记录所列时间均为北京时间（UTC+8）。',
    sections,
  };
}
