/**
 * Everything the opening record (开标记录) says, as plain data the opening module assembles from
 * the database. Times are ISO 8601 instants; money is a decimal string in yuan ("9650000.00").
 * The renderer adds nothing that is not here except formatting, so the same input always gives
 * the same HTML and PDF bytes.
 */
export interface OpeningRecordInput {
  /** The trading platform issuing the record, e.g. 鼎城市公共资源交易中心. */
  platformName: string;
  project: {
    code: string;
    name: string;
    tendererName: string;
    agencyName: string;
  };
  section: {
    code: string;
    name: string;
    estimatedPrice: string;
    /** 最高投标限价; null when the tender sets none. */
    ceilingPrice: string | null;
    bondAmount: string;
    /** The bid deadline, which is also the announced opening time. */
    bidDeadline: string;
    /** The columns of the announcement (唱标), in the tender's order. */
    openingFormFields: OpeningRecordField[];
  };
  opening: {
    outcome: 'CLOSED' | 'FAILED';
    /** When decryption started; null when the section failed at the deadline. */
    startedAt: string | null;
    /** The window as first set; an extension is reported separately. */
    decryptWindowEndsAt: string | null;
    /** The one extension the host may grant, with the reason given on the record. */
    extension: { until: string; reason: string } | null;
    confirmWindowEndsAt: string | null;
    closedAt: string;
    /** Why the section failed (流标), e.g. 投标人少于3个，依法不予开标; null when it did not. */
    failureReason: string | null;
  };
  /** Every bid standing at the deadline. */
  bids: OpeningRecordBid[];
  /** In the order they were raised. */
  objections: OpeningRecordObjection[];
  confirmations: OpeningRecordConfirmation[];
  /** Supervisors (监督人员) who attended the opening. */
  supervisors: string[];
  /** Printed on every page, so a printed page can be matched to its record. */
  recordId: string;
  generatedAt: string;
}

export interface OpeningRecordField {
  key: string;
  label: string;
  type: 'money' | 'integer' | 'decimal' | 'percent' | 'text';
  unit?: string;
}

/**
 * The fate of a bid at the opening (《电子招标投标办法》 art. 31): REVOKED — not decrypted by the
 * bidder's fault (视为撤销); WITHDRAWN — not decrypted through no fault of the bidder (视为撤回);
 * PENDING — never opened, as in a failed section.
 */
export type OpeningRecordDecryption = 'PENDING' | 'DECRYPTED' | 'REVOKED' | 'WITHDRAWN';

export interface OpeningRecordBid {
  /** Announcement order, fixed at the deadline. */
  order: number;
  bidderName: string;
  /** 统一社会信用代码. */
  creditCode: string;
  signedInAt: string | null;
  decryption: OpeningRecordDecryption;
  /** What went wrong with a failed decryption, as attributed at the time. */
  failureNote: string | null;
  /** The decrypted opening form keyed by field key; null unless decrypted. */
  form: Record<string, string | number> | null;
  bond: { kind: 'CASH' | 'GUARANTEE' | 'MISSING'; detail: string | null };
}

export interface OpeningRecordObjection {
  bidderName: string;
  raisedAt: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface OpeningRecordConfirmation {
  bidderName: string;
  status: 'CONFIRMED' | 'LAPSED';
  /** When the bidder confirmed; null when the window ran out. */
  at: string | null;
}
