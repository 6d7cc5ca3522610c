/**
 * The demo installation `npm start` loads: one organization of every kind, a user for each,
 * and five experts. Credit codes carry valid GB 32100-2015 check characters; region 320500.
 */
export interface DemoOrganization {
  key: string;
  name: string;
  kind: 'PLATFORM' | 'TENDERER' | 'AGENCY' | 'BIDDER' | 'INSTITUTION' | 'REGULATOR';
  creditCode: string;
  regionCode: string;
  users: { username: string; displayName: string }[];
}

export const DEMO_REGION = '320500';

export const demoOrganizations: DemoOrganization[] = [
  { key: 'platform', name: '鼎城市公共资源交易中心', kind: 'PLATFORM', creditCode: '12320500MA000000DA', regionCode: DEMO_REGION, users: [{ username: 'admin', displayName: '系统管理员' }] },
  { key: 'tenderer', name: '鼎城市城市建设投资集团有限公司', kind: 'TENDERER', creditCode: '91320500MA00000010', regionCode: DEMO_REGION, users: [{ username: 'tenderer', displayName: '周建国' }] },
  { key: 'agency', name: '鼎诚招标代理有限公司', kind: 'AGENCY', creditCode: '91320500MA00000023', regionCode: DEMO_REGION, users: [{ username: 'agency', displayName: '李招标' }] },
  { key: 'bidder1', name: '华建工程有限公司', kind: 'BIDDER', creditCode: '91320500MA00000036', regionCode: DEMO_REGION, users: [{ username: 'bidder1', displayName: '王华建' }] },
  { key: 'bidder2', name: '东方路桥建设有限公司', kind: 'BIDDER', creditCode: '91320500MA00000049', regionCode: DEMO_REGION, users: [{ username: 'bidder2', displayName: '赵东方' }] },
  { key: 'bidder3', name: '江南市政工程有限公司', kind: 'BIDDER', creditCode: '91320500MA0000005C', regionCode: DEMO_REGION, users: [{ username: 'bidder3', displayName: '钱江南' }] },
  { key: 'bidder4', name: '北辰建设集团有限公司', kind: 'BIDDER', creditCode: '91320500MA0000006F', regionCode: DEMO_REGION, users: [{ username: 'bidder4', displayName: '孙北辰' }] },
  { key: 'bidder5', name: '远山水利水电工程有限公司', kind: 'BIDDER', creditCode: '91320500MA0000007J', regionCode: DEMO_REGION, users: [{ username: 'bidder5', displayName: '吴远山' }] },
  { key: 'bank', name: '鼎城农村商业银行股份有限公司', kind: 'INSTITUTION', creditCode: '91320500MA0000008M', regionCode: DEMO_REGION, users: [{ username: 'bank', displayName: '鼎城农商行保函部' }] },
  { key: 'insurer', name: '华安财产保险股份有限公司鼎城中心支公司', kind: 'INSTITUTION', creditCode: '91320500MA0000009Q', regionCode: DEMO_REGION, users: [{ username: 'insurer', displayName: '华安保险保函部' }] },
  { key: 'regulator', name: '鼎城市住房和城乡建设局', kind: 'REGULATOR', creditCode: '11320500MA000000CA', regionCode: DEMO_REGION, users: [{ username: 'supervisor', displayName: '陈监督' }] },
];

/** Experts act as individuals; their employers matter only for avoidance, which the expert pool records. */
export const demoExperts = [
  { username: 'expert1', displayName: '郑专家' },
  { username: 'expert2', displayName: '冯专家' },
  { username: 'expert3', displayName: '陈专家' },
  { username: 'expert4', displayName: '褚专家' },
  { username: 'expert5', displayName: '卫专家' },
];
