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
    /**
     * How a CLOSED opening ended: every bidder confirmed, the confirmation time ran out, or the
     * host closed it before either; null for a failed section.
     */
    closedBy: 'ALL_CONFIRMED' | 'TIME_RAN_OUT' | 'HOST' | null;
    /** Why the section failed (流标), e.g. 投标人少于3个，依法不予开标; null when it did not. */
    failureReason: string | null;
  };
  /** Every bid standing at the deadline. */
  bids: OpeningRecordBid[];
  /** In the order they were raised. */
  objections: OpeningRecordObjection[];
  confirmations: OpeningRecordConfirmation[];
  /** Who joined the hall besides the bidders: the host's staff, the tenderer's representatives, supervisors (监督人员), platform staff. */
  attendees: OpeningRecordAttendee[];
  /** The hall's audio and video recordings finished by the time the record was issued. */
  recordings: OpeningRecordRecording[];
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
  /** Why a REVOKED or WITHDRAWN bid was not decrypted, from the evidence on record; null otherwise. */
  failure: OpeningRecordFailure | null;
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

/**
 * The attempt that decided a failed bid's fate: the platform's fault for a WITHDRAWN one, the
 * bidder's last (or a final) one for a REVOKED one; NO_ATTEMPT when the bidder never tried.
 */
export interface OpeningRecordFailure {
  cause: 'NO_ATTEMPT' | 'WRONG_KEY' | 'CLIENT_ERROR' | 'STORAGE_ERROR' | 'HASH_MISMATCH' | 'CORRUPT_ENVELOPE' | 'FORM_INVALID';
  /** Attempts on record for the bid (the bidder's and the platform's), finished ones only. */
  attempts: number;
}

export interface OpeningRecordConfirmation {
  bidderName: string;
  /** CONFIRMED; not confirmed when the confirmation time ran out; or not (yet) confirmed when the host closed the opening. */
  status: 'CONFIRMED' | 'TIME_RAN_OUT' | 'HOST_CLOSED';
  /** When the bidder confirmed; null otherwise. */
  at: string | null;
}

export interface OpeningRecordAttendee {
  role: 'AGENCY' | 'TENDERER' | 'SUPERVISOR' | 'ADMIN';
  name: string;
  orgName: string | null;
  /** When they first joined the hall. */
  at: string;
}

export interface OpeningRecordRecording {
  /** The file's name as stored. */
  file: string;
  /** Whose camera or microphone, as they were named when joining. */
  who: string | null;
  kinds: ('audio' | 'video')[];
  startedAt: string;
  endedAt: string;
  bytes: number;
  sha256: string;
}
