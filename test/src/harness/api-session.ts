import type { TSession } from '@bidhall/contracts';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from './server-process';

/** A demo account signed in over HTTP, talking to the REST API from Node with its bearer token. */
export interface ApiSession {
  session: TSession;
  /** A request with a JSON body or none; the JSON answer, or undefined for an empty one. */
  call<T>(method: string, route: string, body?: unknown): Promise<T>;
  /** A request with a body of another type (the upload routes take raw bytes); the answer as it came. */
  send(method: string, route: string, body?: { data: BodyInit; type: string }): Promise<Response>;
}

/** Signs in through `POST /api/auth/login`; a request answered with other than 2xx throws with the status and the body. */
export async function signInApi(url: string, username: string): Promise<ApiSession> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const session = (await response.json()) as TSession;
  const send = async (method: string, route: string, body?: { data: BodyInit; type: string }): Promise<Response> => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${session.accessToken}`, ...(body === undefined ? {} : { 'Content-Type': body.type }) },
      ...(body === undefined ? {} : { body: body.data }),
    });
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
    return res;
  };
  const call = async <T,>(method: string, route: string, body?: unknown): Promise<T> => {
    const text = await (await send(method, route, body === undefined ? undefined : { data: JSON.stringify(body), type: 'application/json' })).text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return { session, call, send };
}
