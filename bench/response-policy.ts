// The rows of issue 14: what redaction and ownership scoping cost a container inspect and a container list. A second
// doxy (the same bundle, with its admin API) holds four sockets whose profiles have the same rules (the portainer
// preset's, which grant both) and differ only in these two settings. Each scoped profile has made 10 containers of
// the same shape (8 environment variables), inspected by full id; the list is of every container, which a scoped
// profile sees only its own of. And the body policy (issue 15 asks for create with and without it): a fifth socket,
// from the ci-runner preset with its body policy and scoping turned off, against the plain one. Each row is measured at
// one connection, doxy, the bare forwarder and the direct socket back to back.
import { join } from 'node:path';
import type { RedactionResponse } from '../shared/protocol/redaction.ts';
import type { ScopeResponse } from '../shared/protocol/scope.ts';
import { startAdminDoxy, type AdminDoxy } from '../test/harness/admin.ts';
import { TEST_IMAGE } from '../test/harness/dockerd.ts';
import { API, apiOk, idOf } from './docker-api.ts';
import { LABEL } from './fixtures.ts';
import { requestBytes } from './http-client.ts';
import { runLoad } from './load.ts';
import { allSides, withCpu, type Targets } from './sides.ts';
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
  readonly pid: number;
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

/** The label of the containers the create rows make, removed after each of them. */
const CREATED = `${LABEL}.created`;
const CREATE_BODY = JSON.stringify({
  Image: TEST_IMAGE,
  Cmd: ['true'],
  Env: ENV,
  Labels: { [CREATED]: '1' },
  HostConfig: { NetworkMode: 'none' },
});

/** Removes what the create rows made, through the direct socket. */
async function removeCreated(daemon: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [CREATED] }));
  const list = (await apiOk(daemon, 'GET', `/containers/json?all=1&filters=${filters}`)) as { Id: string }[];
  for (const c of list) await apiOk(daemon, 'DELETE', `/containers/${c.Id}?force=1`);
}

interface Call {
  readonly request: Buffer;
  readonly status: number;
  /** Run after the three sides, outside the timed runs. */
  readonly after?: (ctx: Context) => Promise<void>;
}

const get = (target: string): Call => ({ request: requestBytes('GET', `${API}${target}`), status: 200 });
const create: Call = {
  request: requestBytes('POST', `${API}/containers/create`, CREATE_BODY),
  status: 201,
  after: (ctx) => removeCreated(ctx.sockets.direct),
};

/**
 * One row: a call at one connection on the direct socket, on `socket` and on the bare forwarder (which neither
 * redacts, scopes nor polices: its figure is what forwarding alone costs), back to back.
 */
function measured(id: string, label: string, socket: string, pid: number, call: Call): Workload {
  return {
    rows: [row(id, label)],
    async measure(ctx: Context, round: number) {
      // The doxy side is this second doxy: its socket, and its process's CPU.
      const t: Targets = { sockets: { ...ctx.sockets, doxy: socket }, pids: { ...ctx.pids, doxy: pid } };
      const r = await allSides(t, round, (s, side) =>
        withCpu(t, side, () =>
          runLoad({
            socket: s,
            request: call.request,
            connections: 1,
            durationMs: ctx.settings.loadMs,
            maxRequests: 1_000_000,
            expectStatus: call.status,
          }),
        ),
      );
      await call.after?.(ctx);
      const us = (x: { r: { requests: number }; cpu: number }): number => (x.cpu / x.r.requests) * 1e6;
      const figure: Figure = {
        direct: r.direct.r.perSecond,
        doxy: r.doxy.r.perSecond,
        bare: r.bare.r.perSecond,
        cpu: { doxy: us(r.doxy), bare: us(r.bare) },
        failures: r.direct.r.failures + r.doxy.r.failures + r.bare.r.failures,
      };
      return new Map([[id, figure]]);
    },
  };
}

/** Starts the second doxy in `dir` on `daemon`, sets its five profiles up, and makes the scoped ones' containers. */
export async function startResponseBench(
  daemon: string,
  dir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ResponseBench> {
  const socket = (s: Pick<Setting, 'id'>): string => join(dir, `${s.id}.sock`);
  const a = await startAdminDoxy({
    dockerSocket: daemon,
    dir,
    bundle: true,
    env,
    args: [
      ...SETTINGS.flatMap((s) => ['--socket', `${socket(s)}=${s.id},from=portainer`]),
      '--socket',
      `${socket({ id: 'policed' })}=policed,from=ci-runner`,
    ],
  });
  try {
    // ci-runner's profiles are scoped too: only the body policy is to differ from the plain socket.
    await put(a, '/api/scope?profile=policed', { scoped: false });
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
    const pid = a.doxy.child.pid ?? -1;
    const workloads = [
      ...SETTINGS.map((s) =>
        measured(
          `inspect-${s.id}`,
          `GET /containers/{id}/json c1, ${s.label}`,
          socket(s),
          pid,
          get(`/containers/${inspected(s)}/json`),
        ),
      ),
      // A name is looked up on the daemon each time (only full ids are cached): one more inspect there.
      measured(
        'inspect-name-scoped',
        'GET /containers/{name}/json c1, scoped',
        socket({ id: 'scoped' }),
        pid,
        get('/containers/doxy-bench-scoped-0/json'),
      ),
      ...SETTINGS.map((s) =>
        measured(
          `list-${s.id}`,
          `GET /containers/json?all=1 c1, ${s.label}`,
          socket(s),
          pid,
          get('/containers/json?all=1'),
        ),
      ),
      measured('create-plain', 'POST /containers/create c1, no body policy', socket({ id: 'plain' }), pid, create),
      measured('create-policed', 'POST /containers/create c1, body policy', socket({ id: 'policed' }), pid, create),
    ];
    return {
      workloads,
      pid,
      stop: async () => {
        await a.stop();
      },
    };
  } catch (error) {
    await a.stop();
    throw error;
  }
}
