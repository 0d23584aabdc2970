// One-shot Docker API calls for setting up and driving the workloads; they go through the same small client as the load.
import { Connection, requestBytes } from './http-client.ts';

/** The API version every bench request names, as the docker CLI does. */
export const API = '/v1.41';

export interface ApiAnswer {
  readonly status: number;
  readonly json: unknown;
}

export async function api(socket: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const c = await Connection.open(socket);
  try {
    const r = await c.request(
      requestBytes(method, `${API}${path}`, body === undefined ? undefined : JSON.stringify(body)),
      { keep: true },
    );
    const text = r.body?.toString('utf8') ?? '';
    let json: unknown = text;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: r.status, json };
  } finally {
    c.close();
  }
}

/** Like api(), but a status outside 2xx is an error that names the call. */
export async function apiOk(socket: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await api(socket, method, path, body);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** The `Id` field of a create answer. */
export function idOf(json: unknown): string {
  const id = (json as { Id?: unknown } | null)?.Id;
  if (typeof id !== 'string') throw new Error(`no Id in ${JSON.stringify(json)}`);
  return id;
}
