import type { TReceipt } from '@bidhall/contracts';
import { GAP, type PrintDocument } from '../../lib/documents/document';
import { formatBytes, formatCst } from '../../lib/documents/format';

/** Everything a printed receipt says besides the receipt itself, assembled by the bids module. */
export interface ReceiptPrintInput {
  platformName: string;
  project: { code: string; name: string };
  section: { code: string; name: string };
  bidder: { name: string; creditCode: string };
  receipt: TReceipt;
  /** The platform's receipt key as published at `GET /api/keys`. */
  platformKey: { keyId: string; x: string };
  /** Exactly what was signed: the canonical JSON of every receipt field but the signature. */
  signedText: string;
}

const TITLE = { SUBMISSION: '投标文件递交回执', WITHDRAWAL: '投标文件撤回回执' } as const;

/** Where a bidder can check a receipt without trusting this page: the steps of docs/bid-envelope.md. */
const verifySteps = (r: TReceipt) => [
  `在投标页面下载本回执的 JSON 文件（bidhall-receipt-${r.kind.toLowerCase()}-${r.receiptId}.json），其内容与本页所列相同并含签名。`,
  '取得平台公钥：GET /api/keys（本平台网址下，无需登录），核对其中 receipts.keyId 与本回执的签名密钥编号相同，公钥 x 值与本页所列一致。',
  '离线核验：在本单位电脑上运行 npx bidhall-bid verify-receipt --receipt 回执.json --platform-key keys.json --envelope 投标文件.bhe，程序核对平台签名，并核对所存投标文件的 SHA-256 与回执一致。',
  '也可用任何 Ed25519 工具自行核验：签名内容为回执除 signature 外全部字段按 RFC 8785 规范化的 JSON（即本页“签名内容”），签名值为 base64url 编码。',
];

/** A receipt (回执) as a printable page: the facts, the platform's signature, and how to verify it. */
export function buildReceiptDocument(input: ReceiptPrintInput): PrintDocument {
  const { receipt: r } = input;
  const received = r.kind === 'SUBMISSION' ? '平台收到时间' : '撤回时间';
  return {
    title: TITLE[r.kind],
    subtitles: [input.platformName, `${input.project.name}${GAP}${input.section.name}`],
    idLine: `回执编号 ${r.receiptId}`,
    generatedLine: `签发时间 ${formatCst(r.serverTime)}`,
    timeNote: '本回执所列时间均为北京时间（UTC+8），并列出签名所用的 ISO 8601 时间。',
    sections: [
      {
        title: '回执内容',
        blocks: [
          {
            kind: 'facts',
            items: [
              { label: '项目编号', value: input.project.code },
              { label: '项目名称', value: input.project.name },
              { label: '标段编号', value: input.section.code },
              { label: '标段名称', value: input.section.name },
              { label: '投标人', value: input.bidder.name },
              { label: '统一社会信用代码', value: input.bidder.creditCode },
              { label: `${received}（北京时间）`, value: formatCst(r.serverTime) },
              { label: `${received}（ISO 8601）`, value: r.serverTime },
              { label: '投标文件大小', value: formatBytes(r.size) },
              { label: '投标文件 SHA-256', value: r.sha256 },
              { label: '回执编号', value: r.receiptId },
            ],
          },
          {
            kind: 'paragraph',
            tone: 'muted',
            text:
              r.kind === 'SUBMISSION'
                ? '本回执证明平台于上列时间收到 SHA-256 如上的加密投标文件。投标截止前，投标文件的内容和投标人的身份对任何人保密，平台亦无法解密。'
                : '本回执证明投标人于上列时间撤回了 SHA-256 如上的投标文件；撤回的投标文件不参加开标。',
          },
        ],
      },
      {
        title: '平台签名',
        blocks: [
          {
            kind: 'facts',
            items: [
              { label: '签名算法', value: 'Ed25519' },
              { label: '签名密钥编号', value: r.keyId },
              { label: '平台公钥（JWK x）', value: input.platformKey.x },
              { label: '签名值（base64url）', value: r.signature },
            ],
          },
          { kind: 'paragraph', tone: 'normal', text: `签名内容：${input.signedText}` },
        ],
      },
      {
        title: '如何核验本回执',
        blocks: [
          ...verifySteps(r).map((text, i) => ({ kind: 'paragraph' as const, tone: 'normal' as const, text: `${i + 1}. ${text}` })),
          { kind: 'paragraph', tone: 'muted', text: '本页为回执的打印件，其效力来自平台签名：签名与上列任一内容不符的，本回执无效。' },
        ],
      },
    ],
  };
}
