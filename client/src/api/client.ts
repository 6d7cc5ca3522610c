import type { RouteDef, RouteResponse } from '@bidhall/contracts';
import { ApiError, type CallArgs, type CallInput, type CallOptions, parseResponse, send } from './http';

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
}

export function createApiClient(tokens: TokenSource): ApiClient {
  const authorized = async <D extends RouteDef>(route: D, input: CallInput<D> | undefined, options: CallOptions | undefined) => {
    try {
      return await send(route, input, { ...options, token: tokens.accessToken });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'TOKEN_EXPIRED') throw error;
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
  };
}

function filenameOf(disposition: string | null): string | null {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : null;
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
