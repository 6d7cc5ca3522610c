import {
  type CreditCodeProblem,
  creditCodeProblem,
  regionOfCreditCode,
  type TRegisterBody,
  ZContact,
  ZPassword,
  ZPhone,
  ZRegionCode,
  ZRegisterBody,
  type ZRegistrableKind,
  ZUsername,
} from '@bidhall/contracts';
import type { z } from 'zod';

export type RegistrableKind = z.infer<typeof ZRegistrableKind>;

/** The sign-up form as typed; every value a string so that inputs stay controlled. */
export interface RegistrationDraft {
  kind: RegistrableKind | null;
  name: string;
  creditCode: string;
  regionCode: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  username: string;
  displayName: string;
  password: string;
  passwordAgain: string;
}
export type DraftField = keyof RegistrationDraft;

export const emptyDraft: RegistrationDraft = {
  kind: null,
  name: '',
  creditCode: '',
  regionCode: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  username: '',
  displayName: '',
  password: '',
  passwordAgain: '',
};

/** The form's fields in the order they appear, so the first problem can be focused. */
export const DRAFT_FIELDS = Object.keys(emptyDraft) as DraftField[];

/** A problem with one field: the key of its message under `register.problems`, and what the message names. */
export interface FieldProblem {
  key: ProblemKey;
  values?: Record<string, string | number>;
}
export type ProblemKey =
  | 'kindMissing'
  | 'nameLength'
  | `creditCode${CreditCodeProblem['problem']}`
  | 'regionCode'
  | 'contactName'
  | 'contactPhone'
  | 'contactEmail'
  | 'username'
  | 'displayName'
  | 'password'
  | 'passwordAgain'
  /** The platform's refusals: a name or code registered meanwhile, or a field it did not accept. */
  | 'usernameTaken'
  | 'creditCodeTaken'
  | 'refused';

/** The unified social credit code as a licence prints it, whatever was typed: upper case, no spaces. */
export const normalizeCreditCode = (typed: string): string => typed.replace(/\s+/g, '').toUpperCase().slice(0, 20);

/** Usernames are lower case; the login lower-cases what is typed too. */
export const normalizeUsername = (typed: string): string => typed.trim().toLowerCase();

/** The credit code's problem in words, or null when it is valid. */
export function creditCodeFieldProblem(code: string): FieldProblem | null {
  const problem = creditCodeProblem(code);
  if (!problem) return null;
  const { problem: kind, ...values } = problem;
  return { key: `creditCode${kind}`, values };
}

/**
 * The region code a credit code embeds (positions 3-8), once those are typed and valid: the
 * form offers it as the organization's 行政区划代码 until the user types another.
 */
export function regionFromCreditCode(code: string): string | null {
  if (code.length < 8) return null;
  const region = regionOfCreditCode(code);
  return ZRegionCode.safeParse(region).success ? region : null;
}

/** The platform's password rules, each met or not, for a checklist shown while typing. */
export function passwordRules(password: string): { minLength: boolean; lettersAndDigits: boolean; maxBytes: boolean } {
  return {
    minLength: password.length >= 10,
    lettersAndDigits: /[A-Za-z]/.test(password) && /\d/.test(password),
    maxBytes: new TextEncoder().encode(password).length <= 72,
  };
}

/** Each field's problem; a field that is fine has none. The contract's schemas decide. */
export function draftProblems(draft: RegistrationDraft): Partial<Record<DraftField, FieldProblem>> {
  const problems: Partial<Record<DraftField, FieldProblem>> = {};
  const fails = (schema: z.ZodType, value: unknown) => !schema.safeParse(value).success;
  if (!draft.kind) problems.kind = { key: 'kindMissing' };
  const name = draft.name.trim();
  if (name.length < 2 || name.length > 100) problems.name = { key: 'nameLength' };
  const code = creditCodeFieldProblem(draft.creditCode);
  if (code) problems.creditCode = code;
  if (fails(ZRegionCode, draft.regionCode.trim())) problems.regionCode = { key: 'regionCode' };
  if (fails(ZContact.shape.name, draft.contactName)) problems.contactName = { key: 'contactName' };
  if (fails(ZPhone, draft.contactPhone)) problems.contactPhone = { key: 'contactPhone' };
  if (fails(ZContact.shape.email, draft.contactEmail.trim())) problems.contactEmail = { key: 'contactEmail' };
  if (fails(ZUsername, draft.username)) problems.username = { key: 'username' };
  const displayName = draft.displayName.trim();
  if (displayName.length < 1 || displayName.length > 50) problems.displayName = { key: 'displayName' };
  if (fails(ZPassword, draft.password)) problems.password = { key: 'password' };
  if (draft.passwordAgain !== draft.password) problems.passwordAgain = { key: 'passwordAgain' };
  return problems;
}

/** The request body for a draft without problems, as the contract parses it. */
export function registrationBody(draft: RegistrationDraft): TRegisterBody | null {
  if (!draft.kind || Object.keys(draftProblems(draft)).length > 0) return null;
  const body: TRegisterBody = {
    organization: {
      name: draft.name.trim(),
      kind: draft.kind,
      creditCode: draft.creditCode,
      regionCode: draft.regionCode.trim(),
      contact: { name: draft.contactName.trim(), phone: draft.contactPhone.trim(), email: draft.contactEmail.trim() },
    },
    user: { username: draft.username, displayName: draft.displayName.trim(), password: draft.password },
  };
  return ZRegisterBody.safeParse(body).success ? body : null;
}

/** The form field a path of the platform's VALIDATION_FAILED details names, e.g. `organization.contact.phone`. */
export function fieldOfPath(path: string): DraftField | null {
  const fields: Record<string, DraftField> = {
    'organization.name': 'name',
    'organization.kind': 'kind',
    'organization.creditCode': 'creditCode',
    'organization.regionCode': 'regionCode',
    'organization.contact.name': 'contactName',
    'organization.contact.phone': 'contactPhone',
    'organization.contact.email': 'contactEmail',
    'user.username': 'username',
    'user.displayName': 'displayName',
    'user.password': 'password',
  };
  return fields[path] ?? null;
}
