import { allAuditActions, auditSubjectTypes, errorCodes, ZDecryption, ZDecryptionAttempt } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import { mediaClientErrorCodes } from '../media/media-errors';
import { localDecryptErrorCodes } from '../opening/content-key';
import en from './en';
import zhCN from './zh-CN';

/** A dotted path into a message catalogue, the way i18next reads keys. */
const at = (messages: object, path: string): unknown => path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);

const CJK = /[\u3400-\u9fff]/;

/** Each key has a Chinese text that is Chinese (not an English or code leftover) and an English one that is not the Chinese. */
function expectBoth(paths: readonly string[]) {
  const problems: string[] = [];
  for (const path of paths) {
    const zh = at(zhCN, path);
    const english = at(en, path);
    if (typeof zh !== 'string' || !CJK.test(zh)) problems.push(`zh-CN ${path}: ${String(zh)}`);
    if (typeof english !== 'string' || english.trim() === '' || CJK.test(english.replace(/《[^》]*》|（[^）]*）|\([^)]*\)/g, ''))) problems.push(`en ${path}: ${String(english)}`);
  }
  expect(problems).toEqual([]);
}

describe('every code people can meet has a text in both languages', () => {
  it('each error code of the platform’s catalogue', () => {
    expectBoth(errorCodes.map((code) => `errors.${code}`));
  });

  it('each decryption result of a bid, and each outcome of an attempt with its explanation', () => {
    expectBoth(ZDecryption.options.map((d) => `opening.decryption.${d}`));
    const outcomes = ZDecryptionAttempt.shape.outcome.options;
    expectBoth(outcomes.map((o) => `opening.attempts.outcomes.${o}`));
    expectBoth(outcomes.map((o) => `opening.attempts.explanations.${o}`));
  });

  it('each failure a bidder’s browser can report, to the bidder and as evidence', () => {
    expectBoth(localDecryptErrorCodes.map((code) => `opening.decrypt.errors.${code}`));
    expectBoth(localDecryptErrorCodes.map((code) => `opening.attempts.clientReasons.${code}`));
  });

  it('each audit action the server can write, and each kind of subject', () => {
    expect(allAuditActions.length).toBeGreaterThan(20);
    expectBoth(allAuditActions.map((action) => `auditActions.${action}`));
    expectBoth(auditSubjectTypes.map((type) => `auditSubjects.${type}`));
  });

  it('each audio and video failure', () => {
    expectBoth(mediaClientErrorCodes.map((code) => `media.errors.${code}`));
  });
});
