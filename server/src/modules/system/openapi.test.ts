import { allRoutes, apiTags } from '@bidhall/contracts';
import { compileErrors, validate } from '@readme/openapi-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createTestServices, type TestServices } from '../../testing';

let s: TestServices;
let doc: { openapi: string; tags: { name: string }[]; paths: Record<string, Record<string, { tags: string[]; security: unknown[]; responses: Record<string, unknown>; 'x-roles'?: string[] }>> };
beforeAll(async () => {
  s = await createTestServices();
  doc = (await request(createApp(s)).get('/api/openapi.json')).body;
});
afterAll(() => s.close());

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes every mounted route under its module tag, with its roles and error responses', () => {
    for (const def of allRoutes()) {
      const op = doc.paths[def.path.replace(/:(\w+)/g, '{$1}')]?.[def.method];
      expect(op, `${def.method} ${def.path}`).toBeDefined();
      expect(op!.tags).toEqual([def.tag]);
      if (def.access === 'public') expect(op!.security).toEqual([]);
      else expect(op!.responses['401']).toBeDefined();
      if (Array.isArray(def.access)) expect(op!['x-roles']).toEqual(def.access);
    }
  });

  it('lists a tag for every platform module', () => {
    expect(doc.tags.map((t) => t.name)).toEqual(Object.keys(apiTags));
    expect(Object.keys(apiTags)).toEqual(
      expect.arrayContaining(['auth', 'projects', 'bids', 'opening', 'media', 'experts', 'evaluation', 'credit', 'guarantees', 'audit']),
    );
  });
});
