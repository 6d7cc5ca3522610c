import { type TDecryptionAttempt, ZDecryptionAttempt } from '@bidhall/contracts';
import { type LocalDecryptErrorCode, localDecryptErrorCodes } from './content-key';

export type AttemptOutcome = TDecryptionAttempt['outcome'];
export const attemptOutcomes = ZDecryptionAttempt.shape.outcome.options;

/**
 * The code a bidder's browser put first in its evidence (`NO_KEY: no private key…`), so the
 * evidence can be explained in the reader's language; null for anything else.
 */
export function clientEvidenceCode(detail: string | null): LocalDecryptErrorCode | null {
  const code = /^([A-Z_]+):/.exec(detail ?? '')?.[1];
  return localDecryptErrorCodes.find((known) => known === code) ?? null;
}

/** How the platform attributed a bid it could not decrypt, read from the note it wrote in Chinese. */
export type FailureNote =
  | { cause: 'platform' | 'bidder' | 'unreadable'; outcome: AttemptOutcome }
  | { cause: 'timeout' }
  | { cause: 'other'; text: string };

const NOTE_PATTERNS: readonly [RegExp, 'platform' | 'bidder' | 'unreadable'][] = [
  [/^平台原因未能解密（([A-Z_]+)），视为撤回$/, 'platform'],
  [/^投标人原因未能解密（([A-Z_]+)），视为撤销$/, 'bidder'],
  [/^投标文件无法读取（([A-Z_]+)），视为撤销$/, 'unreadable'],
];

/**
 * The opening hall writes a failed bid's note as one Chinese sentence with the attempt's outcome
 * code in it. Read back into its parts, the note is shown in words in either language; a note in
 * any other form is shown as written.
 */
export function readFailureNote(note: string): FailureNote {
  if (note === '解密时间内未解密，视为撤销') return { cause: 'timeout' };
  for (const [pattern, cause] of NOTE_PATTERNS) {
    const code = pattern.exec(note)?.[1];
    const outcome = attemptOutcomes.find((known) => known === code);
    if (outcome) return { cause, outcome };
  }
  return { cause: 'other', text: note };
}
