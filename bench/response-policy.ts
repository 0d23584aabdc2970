// The rows of issue 14: what redaction and ownership scoping cost a container inspect and a container list. A second
// doxy (the same bundle, with its admin API) holds four sockets whose profiles have the same rules (the portainer
// preset's, which grant both) and differ only in these two settings. Each scoped profile has made 10 containers of
// the same shape (8 environment variables), inspected by full id; the list is of every container, which a scoped
// profile sees only its own of. Each row is measured at one connection, doxy and the direct socket back to back.
import { join } from 'node:path';
import type { RedactionResponse } from '../shared/protocol/redaction.ts';
import type { ScopeResponse } from '../shared/protocol/scope.ts';
import { startAdminDoxy, type AdminDoxy } from '../test/harness/admin.ts';
import { TEST_IMAGE } from '../test/harness/dockerd.ts';
import { API, apiOk, idOf } from './docker-api.ts';
import { LABEL } from './fixtures.ts';
import { requestBytes } from './http-client.ts';
import { runLoad } from './load.ts';
import type { Context, Figure, Row, Workload } from './workloads.ts';

interface Setting {
  readonly id: string;
  readonly label: string;
  readonly redact: boolean;
  readonly scoped: boolean;
}

const SETTINGS: readonly Setting[] = [
  { id: 'plain', label: 'neither', redact: false, scoped: false },
  { id: 'redacted', label: 'redacted', redact: true, scoped: false },
  { id: 'scoped', label: 'scoped', redact: false, scoped: true },
  { id: 'both', label: 'redacted + scoped', redact: true, scoped: true },
];

/** What each scoped profile makes: a container of an ordinary shape, its environment included. */
const OWN_CONTAINERS = 10;
const ENV = Array.from({ length: 8 }, (_, i) => `VARIABLE_${i}=value-of-variable-${i}-0123456789abcdef`);

export interface ResponseBench {
  readonly workloads: readonly Workload[];
  stop(): Promise<void>;
}

async function put(a: AdminDoxy, path: string, body: Record<string, boolean>): Promise<void> {
  const { revision } = (await a.call(path)).body as RedactionResponse | ScopeResponse;
  const r = await a.call(path, { method: 'PUT', body: { basedOn: revision, ...body } });
  if (r.status !== 200) throw new Error(`PUT ${path}: ${r.status} ${r.text}`);
}

function row(id: string, label: string): Row {
  return { id, label, unit: 'req/s', kind: 'throughput', geo: false };
}

/** One row: `target` at one connection on the direct socket and on `socket`, back to back. */
function measured(id: string, label: string, socket: string, target: string): Workload {
  return {
    rows: [row(id, label)],
    async measure(ctx: Context, doxyFirst: boolean) {
      const run = (s: string) =>
        runLoad({
          socket: s,
          request: requestBytes('GET', `${API}${target}`),
          connections: 1,
          durationMs: ctx.settings.loadMs,
          maxRequests: 1_000_000,
          expectStatus: 200,
        });
      const doxy = doxyFirst ? await run(socket) : null;
      const direct = await run(ctx.direct);
      const other = doxy ?? (await run(socket));
      const figure: Figure = {
        direct: direct.perSecond,
        doxy: other.perSecond,
        failures: direct.failures + other.failures,
      };
      return new Map([[id, figure]]);
    },
  };
}

/** Starts the second doxy in `dir` on `daemon`, sets its four profiles up, and makes the scoped ones' containers. */
export async function startResponseBench(daemon: string, dir: string): Promise<ResponseBench> {
  const socket = (s: Pick<Setting, 'id'>): string => join(dir, `${s.id}.sock`);
  const a = await startAdminDoxy({
    dockerSocket: daemon,
    dir,
    bundle: true,
    args: SETTINGS.flatMap((s) => ['--socket', `${socket(s)}=${s.id},from=portainer`]),
  });
  try {
    const own = new Map<string, string>();
    for (const s of SETTINGS) {
      // portainer's profiles relay secrets: redaction is turned on where wanted.
      if (s.redact) await put(a, `/api/redaction?profile=${s.id}`, { redact: true });
      if (s.scoped) await put(a, `/api/scope?profile=${s.id}`, { scoped: true });
      if (!s.scoped) continue;
      for (let i = 0; i < OWN_CONTAINERS; i++) {
        const body = { Image: TEST_IMAGE, Cmd: ['true'], Env: ENV, Labels: { [LABEL]: '1' } };
        const id = idOf(await apiOk(socket(s), 'POST', `/containers/create?name=doxy-bench-${s.id}-${i}`, body));
        if (i === 0) own.set(s.id, id);
      }
    }
    const inspected = (s: Setting): string => own.get(s.id === 'both' ? 'both' : 'scoped') ?? '';
    const workloads = [
      ...SETTINGS.map((s) =>
        measured(
          `inspect-${s.id}`,
          `GET /containers/{id}/json c1, ${s.label}`,
          socket(s),
          `/containers/${inspected(s)}/json`,
        ),
      ),
      // A name is looked up on the daemon each time (only full ids are cached): one more inspect there.
      measured(
        'inspect-name-scoped',
        'GET /containers/{name}/json c1, scoped',
        socket({ id: 'scoped' }),
        '/containers/doxy-bench-scoped-0/json',
      ),
      ...SETTINGS.map((s) =>
        measured(`list-${s.id}`, `GET /containers/json?all=1 c1, ${s.label}`, socket(s), '/containers/json?all=1'),
      ),
    ];
    return {
      workloads,
      stop: async () => {
        await a.stop();
      },
    };
  } catch (error) {
    await a.stop();
    throw error;
  }
}
