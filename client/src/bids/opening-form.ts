import { openingFormSchema, type TOpeningFormField } from '@bidhall/contracts';
import type { OpeningForm } from '@bidhall/contracts/envelope';

/** What the bidder typed, per field key, before it is turned into the values the tender expects. */
export type FormDraft = Record<string, string>;

export type FormCheck = { ok: true; form: OpeningForm } | { ok: false; invalid: Set<string> };

const NUMERIC = new Set<TOpeningFormField['type']>(['integer', 'decimal', 'percent']);

/**
 * The opening form (开标一览表) as it goes into the envelope: amounts stay decimal strings (the
 * platform never puts money through floating point), counts and rates become numbers, and empty
 * optional fields are left out. It is checked with the same schema the platform applies when the
 * envelope is opened, so a bid cannot be sealed with a form the opening would refuse.
 */
export function checkOpeningForm(fields: readonly TOpeningFormField[], draft: FormDraft): FormCheck {
  const form: OpeningForm = {};
  for (const field of fields) {
    const text = (draft[field.key] ?? '').trim();
    if (text === '') continue;
    form[field.key] = NUMERIC.has(field.type) && /^-?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : text;
  }
  const parsed = openingFormSchema(fields).safeParse(form);
  if (parsed.success) return { ok: true, form: parsed.data };
  return { ok: false, invalid: new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? ''))) };
}
