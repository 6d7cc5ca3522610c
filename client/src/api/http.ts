import {
  type ErrorCode,
  type RouteBody,
  type RouteDef,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
  ZErrorBody,
} from '@bidhall/contracts';

/** Failures that never produced the platform's error shape. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** How long the platform asked the caller to wait, for lockouts and rate limits. */
  get retryAfterSeconds(): number | null {
    const details = this.details;
    if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) return null;
    return typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : null;
  }
}

type Part<K extends string, V> = [V] extends [undefined]
  ? { [P in K]?: never }
  : Partial<V> extends V
    ? { [P in K]?: V }
    : { [P in K]: V };

/** What a route takes: each of params, query and body is required exactly when the route's schema requires it. */
export type CallInput<D extends RouteDef> = Part<'params', RouteParams<D>> & Part<'query', RouteQuery<D>> & Part<'body', RouteBody<D>>;

export interface CallOptions {
  signal?: AbortSignal;
  /** Extra request headers, e.g. `Range` when reading part of a file. */
  headers?: Record<string, string>;
}

/** A request body of raw bytes, for routes that consume a media type other than JSON. */
export type RawBody = Blob | Uint8Array<ArrayBuffer>;

/** The input may be left out when nothing in it is required. */
export type CallArgs<D extends RouteDef> =
  Partial<CallInput<D>> extends CallInput<D> ? [input?: CallInput<D>, options?: CallOptions] : [input: CallInput<D>, options?: CallOptions];

/** Fills `:name` segments of an Express-style path and appends the query, skipping absent values. */
export function buildUrl(path: string, params?: unknown, query?: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  const filled = path.replace(/:([A-Za-z_]\w*)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || value === null || value === '') throw new Error(`${path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item === undefined || item === null) continue;
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

/**
 * Sends one request for a route and resolves with the successful response; every failure,
 * including an unreachable server, is thrown as an ApiError.
 */
export async function send<D extends RouteDef>(
  route: D,
  input: CallInput<D> | undefined,
  options: CallOptions & { token?: string | null; raw?: RawBody } = {},
): Promise<Response> {
  const headers = new Headers({ Accept: route.produces ?? 'application/json', ...options.headers });
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    headers.set('Content-Type', route.consumes ?? 'application/octet-stream');
    body = options.raw;
  } else if (input?.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(input.body);
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(route.path, input?.params, input?.query), {
      method: route.method.toUpperCase(),
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError('NETWORK_ERROR', error instanceof Error ? error.message : 'network error', 0);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** Reads a successful JSON response and checks it against the route's response schema. */
export async function parseResponse<D extends RouteDef>(route: D, response: Response): Promise<RouteResponse<D>> {
  if (route.response === null || response.status === 204) return undefined as RouteResponse<D>;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError('BAD_RESPONSE', `${route.path}: the response is not JSON`, response.status);
  }
  const parsed = route.response.safeParse(json);
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', `${route.path}: unexpected response shape`, response.status, parsed.error.issues);
  return parsed.data as RouteResponse<D>;
}

async function errorOf(response: Response): Promise<ApiError> {
  const json: unknown = await response.json().catch(() => null);
  const parsed = ZErrorBody.safeParse(json);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(code, message, response.status, details);
  }
  // A gateway in front of the platform answers 502-504 with its own page when the platform is down.
  return new ApiError(response.status >= 500 ? 'UNAVAILABLE' : 'BAD_RESPONSE', `HTTP ${response.status}`, response.status);
}

/** The server's clock when it answered, from the Date header; the client's clock when absent. */
export function serverTimeOf(response: Response): number {
  const date = Date.parse(response.headers.get('Date') ?? '');
  return Number.isNaN(date) ? Date.now() : date;
}
