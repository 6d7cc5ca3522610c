import { z } from 'zod';
import { isValidCreditCode } from './credit-code';

/**
 * Text PostgreSQL can store. It refuses U+0000 in text and jsonb, and cannot hold an unpaired
 * UTF-16 surrogate (the driver's UTF-8 turns one into U+FFFD, jsonb refuses its escape), so both
 * are refused here, where every string of every payload is defined, with the field's path. In
 * Unicode mode a surrogate range matches only unpaired surrogates: a well-formed pair is one
 * code point above U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is what the check is for
export const ZText = z.string().regex(/^[^\u0000\uD800-\uDFFF]*$/u, 'contains a character that cannot be stored (U+0000 or an unpaired surrogate)');

export const ZId = z.uuid();
export const ZIsoDateTime = z.iso.datetime({ offset: true });
/** A SHA-256 digest, lower-case hex: how stored files (bids, tender documents, records) are named and checked. */
export const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** 6-digit administrative division code (行政区划代码, GB/T 2260); province part 11-82. */
export const ZRegionCode = ZText.regex(/^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])\d{4}$/, 'a 6-digit administrative division code');

export const ZCreditCode = ZText.length(18)
  .refine(isValidCreditCode, 'not a valid unified social credit code (GB 32100-2015 check character)');

export const ZPage = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
