import type { z } from 'zod';
import type { TRole } from './roles';
import type { ErrorCode } from './errors';

/** OpenAPI tags, one per platform module; descriptions appear in the generated document. */
export const apiTags = {
  system: 'Health, keys and the API description itself',
  auth: 'Registration, login, sessions and organization approval',
  projects: 'Tender projects, sections and announcements (项目 · 标段 · 招标公告)',
  bids: 'Encrypted bid upload, receipts, modification and withdrawal (投标 · 回执)',
  opening: 'Remote bid opening (不见面开标)',
  media: 'WebRTC rooms for opening halls and evaluation (音视频)',
  experts: 'Expert pools, random draw and avoidance (专家抽取 · 回避)',
  evaluation: 'Remote cross-region evaluation (远程异地评标)',
  credit: 'Agency credit scoring and the negative list (信用评价 · 负面清单)',
  guarantees: 'Electronic bid guarantees from financial institutions (电子保函)',
  audit: 'The hash-chained audit log (审计日志)',
} as const;
export type ApiTag = keyof typeof apiTags;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: anyone, any signed-in user, or users holding one of the listed roles.
 * The server enforces it before the handler runs; the OpenAPI document shows it.
 */
export type Access = 'public' | 'authenticated' | readonly TRole[];

export interface RouteDef {
  method: HttpMethod;
  /** Express-style path, e.g. `/api/admin/organizations/:orgId/approve`. */
  path: string;
  tag: ApiTag;
  summary: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success body's schema; null for 204 responses. */
  response: z.ZodType | null;
  /** Success status; 200 unless given. */
  status?: 200 | 201 | 202 | 204;
  /** Media type of the request body when it is not JSON; the handler reads the stream itself. */
  consumes?: 'application/octet-stream';
  /** Media type of the success body when it is not JSON. */
  produces?: 'application/x-ndjson' | 'application/pdf' | 'text/html' | 'application/octet-stream';
  /** Error codes this route can answer with besides VALIDATION_FAILED and the auth codes. */
  errors?: readonly ErrorCode[];
}

export const defineRoute = <const D extends RouteDef>(def: D): D => def;

type InputOf<S> = S extends z.ZodType ? z.input<S> : undefined;
type OutputOf<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteParams<D extends RouteDef> = InputOf<D['params']>;
export type RouteQuery<D extends RouteDef> = InputOf<D['query']>;
export type RouteBody<D extends RouteDef> = InputOf<D['body']>;
export type RouteResponse<D extends RouteDef> = D['response'] extends z.ZodType ? z.output<D['response']> : void;
export type ParsedParams<D extends RouteDef> = OutputOf<D['params']>;
export type ParsedQuery<D extends RouteDef> = OutputOf<D['query']>;
export type ParsedBody<D extends RouteDef> = OutputOf<D['body']>;
