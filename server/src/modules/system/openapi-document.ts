import { apiTags, type ErrorCode, httpStatusOf, type RouteDef, ZErrorBody } from '@bidhall/contracts';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** Path and query schemas are objects; OpenAPI wants one parameter per property. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function errorResponses(def: RouteDef): Record<string, JsonSchema> {
  const codes = new Set<ErrorCode>(def.errors ?? []);
  if (def.params || def.query || def.body) codes.add('VALIDATION_FAILED');
  if (def.body) {
    codes.add('MALFORMED_JSON');
    codes.add('PAYLOAD_TOO_LARGE');
  }
  if (def.access !== 'public') {
    codes.add('UNAUTHENTICATED');
    codes.add('TOKEN_EXPIRED');
  }
  if (Array.isArray(def.access)) codes.add('FORBIDDEN');
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(httpStatusOf(code), [...(byStatus.get(httpStatusOf(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: `error codes: ${list.join(', ')}`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      },
    ]),
  );
}

function operationOf(def: RouteDef): JsonSchema {
  const status = String(def.status ?? (def.response === null ? 204 : 200));
  const success =
    def.response === null
      ? { description: 'done' }
      : { description: 'success', content: { [def.produces ?? 'application/json']: { schema: toSchema(def.response, 'output') } } };
  return {
    operationId: `${def.method}${def.path.replace(/^\/api/, '').replace(/[/:]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    tags: [def.tag],
    summary: def.summary,
    ...(def.access === 'public' ? { security: [] } : { security: [{ bearerAuth: [] }] }),
    ...(Array.isArray(def.access) ? { 'x-roles': def.access } : {}),
    parameters: [...parametersOf(def.params, 'path'), ...parametersOf(def.query, 'query')],
    ...(def.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(def.body, 'input') } } } } : {}),
    ...(def.consumes ? { requestBody: { required: true, content: { [def.consumes]: { schema: { type: 'string', format: 'binary' } } } } } : {}),
    responses: { [status]: success, ...errorResponses(def) },
  };
}

/** The OpenAPI 3.1 description of every route, generated from the contracts alone. */
export function buildOpenApiDocument(routes: RouteDef[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const def of routes) {
    const path = def.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [def.method]: operationOf(def) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'bidhall API',
      version,
      description: 'Remote bid opening, remote evaluation, agency credit and electronic guarantees. Every error body has the ErrorBody shape.',
    },
    servers: [{ url: '/' }],
    tags: Object.entries(apiTags).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: { ErrorBody: toSchema(ZErrorBody, 'output') },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}
