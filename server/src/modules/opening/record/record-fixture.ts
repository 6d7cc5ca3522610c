import type { OpeningRecordBid, OpeningRecordInput } from './record-input';

/** Records for the renderer's tests, shaped like the ones the opening module assembles. */

const COMPANIES = ['鼎城建工集团有限公司', '湘江路桥建设有限责任公司', '楚天市政工程有限公司', '洞庭水利水电建设有限公司', '沅澧建筑安装工程有限公司'];

const bid = (order: number, bidderName: string, extra: Partial<OpeningRecordBid> = {}): OpeningRecordBid => ({
  order,
  bidderName,
  creditCode: `91430700MA4L${String(order).padStart(5, '0')}X`,
  signedInAt: '2026-11-28T00:45:12.000Z',
  decryption: 'DECRYPTED',
  failure: null,
  form: { price: (9_000_000 + order * 123_456.78).toFixed(2), duration: 360 + order, quality: '合格', manager: `项目经理${order}号` },
  bond: { kind: 'GUARANTEE', detail: `电子保函 BH2026${String(order).padStart(6, '0')}，中国建设银行鼎城支行，有效期至 2027-03-31` },
  ...extra,
});

export function sampleRecord(): OpeningRecordInput {
  return {
    platformName: '鼎城市公共资源交易中心',
    project: { code: 'DC-2026-0117', name: '鼎城区沅江大道综合改造工程', tendererName: '鼎城区城市建设投资有限公司', agencyName: '湖南正衡工程咨询有限公司' },
    section: {
      code: 'DC-2026-0117-01',
      name: '第一标段（道路及排水）',
      estimatedPrice: '10500000.00',
      ceilingPrice: '9980000.00',
      bondAmount: '200000',
      bidDeadline: '2026-11-28T01:00:00.000Z',
      openingFormFields: [
        { key: 'price', label: '投标报价', type: 'money', unit: '元' },
        { key: 'duration', label: '工期', type: 'integer', unit: '日历天' },
        { key: 'quality', label: '质量标准', type: 'text' },
        { key: 'manager', label: '项目经理', type: 'text' },
      ],
    },
    opening: {
      outcome: 'CLOSED',
      startedAt: '2026-11-28T01:00:00.000Z',
      decryptWindowEndsAt: '2026-11-28T01:30:00.000Z',
      extension: { until: '2026-11-28T01:45:00.000Z', reason: '交易平台存储节点短时故障，经监督人员同意延长解密时间一次' },
      confirmWindowEndsAt: '2026-11-28T02:30:00.000Z',
      closedAt: '2026-11-28T09:00:00.000Z',
      closedBy: 'TIME_RAN_OUT',
      failureReason: null,
    },
    bids: [
      bid(1, COMPANIES[0]!, { form: { price: '9650000.00', duration: 365, quality: '合格', manager: '张立群' } }),
      // Above the ceiling price of 9,980,000.00 by one fen.
      bid(2, COMPANIES[1]!, { bond: { kind: 'CASH', detail: '基本账户转账，2026-11-25 到账' }, form: { price: '9980000.01', duration: 362, quality: '合格', manager: '项目经理2号' } }),
      bid(3, COMPANIES[2]!, { decryption: 'REVOKED', failure: { cause: 'WRONG_KEY', attempts: 2 }, form: null }),
      bid(4, COMPANIES[3]!, { decryption: 'WITHDRAWN', failure: { cause: 'STORAGE_ERROR', attempts: 1 }, form: null, signedInAt: null }),
      bid(5, '<script>alert("x")</script>犇淼鑫堃建设有限公司', { bond: { kind: 'MISSING', detail: null } }),
    ],
    objections: [
      {
        bidderName: COMPANIES[1]!,
        raisedAt: '2026-11-28T01:52:00.000Z',
        text: '第5号投标人名称中含有 <b>标签</b> & "引号"，请核实其身份≤3日内答复。',
        answer: '经核验统一社会信用代码，该投标人身份属实，名称以营业执照为准。',
        answeredAt: '2026-11-28T01:58:30.000Z',
      },
      { bidderName: COMPANIES[0]!, raisedAt: '2026-11-28T02:05:00.000Z', text: '对第3号投标人解密失败的认定有异议。', answer: null, answeredAt: null },
    ],
    confirmations: [
      { bidderName: COMPANIES[0]!, status: 'CONFIRMED', at: '2026-11-28T02:10:00.000Z' },
      { bidderName: COMPANIES[1]!, status: 'CONFIRMED', at: '2026-11-28T02:12:41.000Z' },
      { bidderName: '<script>alert("x")</script>犇淼鑫堃建设有限公司', status: 'TIME_RAN_OUT', at: null },
    ],
    attendees: [
      { role: 'SUPERVISOR', name: '刘建国', orgName: '鼎城区公共资源交易监督管理局', at: '2026-11-28T00:58:00.000Z' },
      { role: 'AGENCY', name: '王主持', orgName: '湖南正衡工程咨询有限公司', at: '2026-11-28T00:40:00.000Z' },
      { role: 'SUPERVISOR', name: '陈晓梅', orgName: '鼎城区公共资源交易监督管理局', at: '2026-11-28T00:59:30.000Z' },
      { role: 'TENDERER', name: '赵代表', orgName: '鼎城区城市建设投资有限公司', at: '2026-11-28T00:50:00.000Z' },
    ],
    recordings: [
      {
        file: 'a1b2c3d4-1764291600000-video+audio.webm',
        who: '王主持',
        kinds: ['audio', 'video'],
        startedAt: '2026-11-28T01:00:00.000Z',
        endedAt: '2026-11-28T02:05:07.400Z',
        bytes: 734_003_200,
        sha256: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184',
      },
    ],
    recordId: '6f1c2d9e-4b7a-4c1e-9d2f-0a8b3c5e7f10',
    generatedAt: '2026-11-28T09:00:05.000Z',
  };
}

export function failedRecord(): OpeningRecordInput {
  const base = sampleRecord();
  return {
    ...base,
    opening: {
      outcome: 'FAILED',
      startedAt: null,
      decryptWindowEndsAt: null,
      extension: null,
      confirmWindowEndsAt: null,
      closedAt: '2026-11-28T01:00:00.000Z',
      closedBy: null,
      failureReason: '投标人少于3个，依法不予开标',
    },
    bids: base.bids.slice(0, 2).map((b) => ({ ...b, decryption: 'PENDING', form: null })),
    objections: [],
    confirmations: [],
    generatedAt: '2026-11-28T01:00:02.000Z',
  };
}

const LONG_OBJECTION =
  '我单位认为本次开标过程中，平台在解密阶段出现短时访问缓慢，导致部分投标人未能在规定时间内完成解密，请主持人说明平台运行日志、各投标人解密尝试的时间与错误信息，并明确延长解密时间的依据。';

/** A crowded section: 25 bidders and long objections, for pagination and timing. */
export function largeRecord(): OpeningRecordInput {
  const base = sampleRecord();
  const bids = Array.from({ length: 25 }, (_, i) => {
    const order = i + 1;
    const name = COMPANIES[i % COMPANIES.length]!.replace(/(有限责任|有限)公司$/, `第${order}分公司`);
    if (order % 9 === 0) return bid(order, name, { decryption: 'REVOKED', failure: { cause: 'NO_ATTEMPT', attempts: 0 }, form: null });
    return bid(order, name);
  });
  return {
    ...base,
    bids,
    objections: Array.from({ length: 8 }, (_, i) => ({
      bidderName: bids[i]!.bidderName,
      raisedAt: `2026-11-28T02:${String(10 + i).padStart(2, '0')}:00.000Z`,
      text: LONG_OBJECTION.repeat(4),
      answer: i % 3 === 2 ? null : `经查平台运行日志，解密期间服务正常，个别投标人解密失败系其证书与加密时所用证书不一致所致。${LONG_OBJECTION}`,
      answeredAt: i % 3 === 2 ? null : `2026-11-28T02:${String(20 + i).padStart(2, '0')}:00.000Z`,
    })),
    confirmations: bids.map((b, i) => ({ bidderName: b.bidderName, status: i % 4 === 3 ? 'TIME_RAN_OUT' : 'CONFIRMED', at: i % 4 === 3 ? null : '2026-11-28T02:40:00.000Z' })),
  };
}
