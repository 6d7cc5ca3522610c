import type { RouteDef, RouteResponse } from '@bidhall/contracts';
import { ApiError, type CallArgs, type CallInput, type CallOptions, parseResponse, type RawBody, send } from './http';

/** Where the API client gets the access token, and a fresh one when the platform says it expired. */
export interface TokenSource {
  readonly accessToken: string | null;
  /** A new access token, or null when the session is over. */
  refresh(): Promise<string | null>;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

export interface ApiClient {
  call<D extends RouteDef>(route: D, ...args: CallArgs<D>): Promise<RouteResponse<D>>;
  /** For routes that answer with a file rather than JSON. */
  download<D extends RouteDef>(route: D, ...args: CallArgs<D>): Promise<DownloadedFile>;
  /** For routes that take raw bytes (`consumes`): `bytes` is the body; the JSON answer is checked as `call` does. */
  upload<D extends RouteDef>(route: D, bytes: RawBody, ...args: CallArgs<D>): Promise<RouteResponse<D>>;
  /** The successful response itself, to read a file as it arrives or by byte range (`headers: { Range }`). */
  fetch<D extends RouteDef>(route: D, ...args: CallArgs<D>): Promise<Response>;
}

export function createApiClient(tokens: TokenSource): ApiClient {
  // A raw body is resent as is after a refresh, which is why it is bytes and never a stream.
  const authorized = async <D extends RouteDef>(route: D, input: CallInput<D> | undefined, options: (CallOptions & { raw?: RawBody }) | undefined) => {
    try {
      return await send(route, input, { ...options, token: tokens.accessToken });
    } catch (error) {
      // An ended session is put to the refresh too: it fails, and the tab signs out with the reason.
      if (!(error instanceof ApiError) || (error.code !== 'TOKEN_EXPIRED' && error.code !== 'SESSION_ENDED')) throw error;
      const token = await tokens.refresh();
      if (!token) throw error;
      return send(route, input, { ...options, token });
    }
  };
  return {
    async call(route, ...[input, options]) {
      return parseResponse(route, await authorized(route, input, options));
    },
    async download(route, ...[input, options]) {
      const response = await authorized(route, input, options);
      return { blob: await response.blob(), filename: filenameOf(response.headers.get('Content-Disposition')) };
    },
    async upload(route, bytes, ...[input, options]) {
      return parseResponse(route, await authorized(route, input, { ...options, raw: bytes }));
    },
    fetch(route, ...[input, options]) {
      return authorized(route, input, options);
    },
  };
}

/** The file name a Content-Disposition gives: the UTF-8 `filename*` when there is one (RFC 6266), which a Chinese name needs, else `filename`. */
export function filenameOf(disposition: string | null): string | null {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed encoding falls back to the plain name.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain?.[1] ?? null;
}

/** Hands a downloaded file to the browser's save mechanism. */
export function saveFile(file: DownloadedFile, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; revoking on the next task keeps it valid until then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
