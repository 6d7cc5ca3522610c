import type { ParsedBody, ParsedParams, ParsedQuery, RouteDef, RouteResponse } from '@bidhall/contracts';
import type { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, validationError } from '../app-error';
import type { AuthContext } from './auth-context';

export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  log: Logger;
}

type AuthOf<D extends RouteDef> = D['access'] extends 'public' ? { auth: AuthContext | null } : { auth: AuthContext };

export type HandlerInput<D extends RouteDef> = {
  params: ParsedParams<D>;
  query: ParsedQuery<D>;
  body: ParsedBody<D>;
  ctx: RequestContext & AuthOf<D>;
  req: Request;
  res: Response;
} & AuthOf<D>;

/** Routes that produce a non-JSON body write it to `res` themselves. */
export type HandlerResult<D extends RouteDef> = D['produces'] extends string ? void : RouteResponse<D>;

export interface BoundRoute {
  def: RouteDef;
  handler: (input: HandlerInput<RouteDef>) => Promise<unknown>;
}

export const bind = <D extends RouteDef>(def: D, handler: (input: HandlerInput<D>) => Promise<HandlerResult<D>>): BoundRoute => ({
  def,
  handler: handler as unknown as BoundRoute['handler'],
});

export interface MountOptions {
  authenticate(req: Request): Promise<AuthContext | null>;
  /** Check every JSON response against its schema (tests turn this on to hold the server to its contract). */
  validateResponses: boolean;
}

function parsePart<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): unknown {
  if (!schema) {
    const empty = value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty) throw new AppError('VALIDATION_FAILED', `this route takes no ${where}`);
    return undefined;
  }
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationError(where, result.error.issues);
  return result.data;
}

/**
 * Mounts routes with their contract enforced in one place: authentication and role before
 * anything else, then params, query and body parsed by their schemas, then the handler.
 */
export function mountRoutes(router: Router, routes: BoundRoute[], options: MountOptions): void {
  for (const { def, handler } of routes) {
    router[def.method](def.path, async (req: Request, res: Response) => {
      const auth = def.access === 'public' ? await optionalAuth(req, options) : await options.authenticate(req);
      if (def.access !== 'public') {
        if (!auth) throw new AppError('UNAUTHENTICATED', 'sign in first');
        if (Array.isArray(def.access) && !def.access.includes(auth.role)) throw AppError.forbidden();
      }
      // The JSON parser leaves req.body undefined for any other media type.
      if (def.body && req.body === undefined && hasBody(req)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
      }
      const params = parsePart(def.params, req.params, 'path parameters');
      const query = parsePart(def.query, req.query, 'query');
      const body = parsePart(def.body, req.body, 'body');
      const ctx: RequestContext & { auth: AuthContext | null } = {
        requestId: String(req.id),
        ip: req.ip ?? 'unknown',
        userAgent: req.headers['user-agent'],
        log: req.log,
        auth,
      };
      const result = await handler({ params, query, body, ctx, auth, req, res } as HandlerInput<RouteDef>);
      if (def.produces) return;
      if (def.response === null) {
        res.status(def.status ?? 204).end();
        return;
      }
      if (options.validateResponses) {
        const check = def.response.safeParse(result);
        if (!check.success) throw new Error(`response of ${def.method.toUpperCase()} ${def.path} breaks its contract: ${check.error.message}`);
      }
      res.status(def.status ?? 200).json(result);
    });
  }
}

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** Public routes still see who is calling when a valid token is sent, and ignore a bad one. */
async function optionalAuth(req: Request, options: MountOptions): Promise<AuthContext | null> {
  if (!req.headers.authorization) return null;
  return options.authenticate(req).catch(() => null);
}
