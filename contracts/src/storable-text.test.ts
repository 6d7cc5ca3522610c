import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZText } from './common';
import { openingFormSchema } from './projects';
import { allRoutes } from './routes';
import { clientEvents, ZSocketAuth } from './socket';

type JsonSchema = { type?: string | string[]; pattern?: string; enum?: unknown[]; const?: unknown; format?: string; [key: string]: unknown };

/** Every string node of a JSON Schema, with where it sits. */
function* strings(node: unknown, at: string): Generator<{ at: string; node: JsonSchema }> {
  if (typeof node !== 'object' || node === null) return;
  const schema = node as JsonSchema;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) yield { at, node: schema };
  for (const [key, child] of Object.entries(schema)) {
    if (Array.isArray(child)) for (const [i, item] of child.entries()) yield* strings(item, `${at}/${key}/${i}`);
    else if (typeof child === 'object') yield* strings(child, `${at}/${key}`);
  }
}

/** Whether the JSON Schema of a string refuses a value; only the checks that carry a pattern count. */
function refuses(node: JsonSchema, value: string): boolean {
  if (node.enum || node.const !== undefined) return true;
  const patterns = [node.pattern, ...((node.allOf as JsonSchema[] | undefined) ?? []).map((n) => n.pattern)].filter((p): p is string => typeof p === 'string');
  return patterns.some((pattern) => !new RegExp(pattern, 'u').test(value));
}

const inputs = (): { name: string; schema: z.ZodType }[] => [
  ...allRoutes().flatMap((route) =>
    (['params', 'query', 'body'] as const).flatMap((part) => (route[part] ? [{ name: `${route.method.toUpperCase()} ${route.path} ${part}`, schema: route[part] }] : [])),
  ),
  ...Object.entries(clientEvents).map(([event, def]) => ({ name: `socket ${event}`, schema: def.payload as z.ZodType })),
  { name: 'socket handshake', schema: ZSocketAuth },
];

describe('text the database cannot store', () => {
  it('is refused by ZText with the field path, and well-formed text of any plane is kept', () => {
    const body = z.strictObject({ name: ZText.max(20), tags: z.array(ZText) });
    for (const bad of ['a\u0000b', 'x\uD800', '\uDC00y', 'z\uDFFF\uD800']) {
      const result = body.safeParse({ name: 'ok', tags: ['fine', bad] });
      expect(result.success).toBe(false);
      expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['tags.1']);
    }
    expect(body.safeParse({ name: '招标 𠀀 😀', tags: ['\uFFFF', '\t\n'] }).success).toBe(true);
  });

  it('is refused by every string of every route and socket payload', () => {
    const unguarded: string[] = [];
    for (const { name, schema } of inputs()) {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
      for (const { at, node } of strings(json, '')) {
        if (!refuses(node, 'a\u0000b') || !refuses(node, 'a\uD800b')) unguarded.push(`${name} ${at || '/'}`);
      }
    }
    expect(unguarded).toEqual([]);
    expect(inputs().length).toBeGreaterThan(40);
  });

  it('is refused in a decrypted opening form, so it never reaches the record', () => {
    const form = openingFormSchema([{ key: 'price', label: '投标报价', type: 'money', required: true }, { key: 'manager', label: '项目经理', type: 'text', required: true }]);
    expect(form.safeParse({ price: '100.00', manager: '王\u0000五' }).success).toBe(false);
    expect(form.safeParse({ price: '100.00', manager: '王五' }).success).toBe(true);
  });
});
