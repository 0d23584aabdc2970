// The one function that judges a policed body: read it as the daemon will (Go's rules), check what it asks of the
// host against the profile's policy, and hand back the text to forward: doxy's own serialisation of what it checked.
import type { BodyPolicy } from './body-policy.ts';
import { canonicalCreate, effectiveHostConfig, withPrivateCgroupns } from './container-body.ts';
import {
  checkAttachments,
  checkContainerSpec,
  checkEndpoints,
  checkHostConfig,
  checkHostPath,
  checkImage,
  checkPluginPrivileges,
  checkResources,
  checkUser,
  checkVolumeDriver,
  type Violation,
} from './constraints.ts';
import {
  CONFIG_WRAPPER,
  CREATE_REQUEST,
  EXEC_CONFIG,
  HOST_CONFIG,
  PLUGIN_PRIVILEGES,
  PLUGIN_SETTINGS,
  UPDATE_CONFIG,
  VOLUME_CREATE,
} from './docker-types.ts';
import { goDecode } from './go-decode.ts';
import { goEncode } from './go-encode.ts';
import { isObject, type GoValue, type Schema } from './go-schema.ts';
import { get, isTrue, items, text } from './go-values.ts';
import { JsonSyntaxError, readJson } from './json-text.ts';
import type { PolicedOperation, PolicedRequest } from './operations.ts';
import { SERVICE_SPEC } from './service-types.ts';

/** The most of a policed body doxy reads; a create body is a few kilobytes. */
export const MAX_POLICED_BODY_BYTES = 1024 * 1024;

export type BodyVerdict =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly status: 400 | 403; readonly field: string; readonly message: string };

interface Shape {
  /** What the daemon decodes the body into. */
  readonly decode: Schema;
  /** What doxy forwards: the decoded value, reshaped where the daemon resolves it further. */
  readonly canonical: (
    decoded: GoValue | undefined,
    policy: BodyPolicy,
  ) => { schema: Schema; value: GoValue | undefined };
  readonly check: (value: GoValue | undefined, policy: BodyPolicy) => Generator<Violation>;
}

const same =
  (schema: Schema) =>
  (value: GoValue | undefined): { schema: Schema; value: GoValue | undefined } => ({ schema, value });

const SHAPES: Record<PolicedOperation, Shape> = {
  'container-create': {
    decode: CONFIG_WRAPPER,
    canonical: (v, policy) => ({
      schema: CREATE_REQUEST,
      value: canonicalCreate(isObject(v) ? v : {}, !policy.hostNamespaces.includes('cgroupns')),
    }),
    *check(v, policy) {
      yield* checkImage(text(get(v, 'Image')), 'Image', policy);
      yield* checkUser(text(get(v, 'User')), 'User', policy);
      yield* checkHostConfig(get(v, 'HostConfig'), 'HostConfig', policy);
      yield* checkEndpoints(get(v, 'NetworkingConfig'), 'NetworkingConfig', policy);
    },
  },
  // Before API 1.24 the start body is the same wrapper; the HostConfig it resolves to replaces the container's.
  'container-start': {
    decode: CONFIG_WRAPPER,
    canonical: (v, policy) => {
      const hc = isObject(v) ? effectiveHostConfig(v) : v;
      const keepOwn = hc === undefined || hc === null || policy.hostNamespaces.includes('cgroupns');
      return { schema: HOST_CONFIG, value: keepOwn ? hc : withPrivateCgroupns(hc) };
    },
    check: (v, policy) => checkHostConfig(v, 'HostConfig', policy),
  },
  'container-update': {
    decode: UPDATE_CONFIG,
    canonical: same(UPDATE_CONFIG),
    check: (v, p) => checkResources(v, '', p),
  },
  'exec-create': {
    decode: EXEC_CONFIG,
    canonical: same(EXEC_CONFIG),
    *check(v, policy) {
      if (isTrue(get(v, 'Privileged')) && !policy.privileged)
        yield { field: 'Privileged', message: 'Privileged is not allowed' };
      yield* checkUser(text(get(v, 'User')), 'User', policy);
    },
  },
  'volume-create': {
    decode: VOLUME_CREATE,
    canonical: same(VOLUME_CREATE),
    check: (v, policy) =>
      checkVolumeDriver(
        text(get(v, 'Driver')),
        get(v, 'DriverOpts'),
        { driver: 'Driver', options: 'DriverOpts' },
        policy,
      ),
  },
  'service-create': { decode: SERVICE_SPEC, canonical: same(SERVICE_SPEC), check: checkService },
  'service-update': { decode: SERVICE_SPEC, canonical: same(SERVICE_SPEC), check: checkService },
  'plugin-pull': { decode: PLUGIN_PRIVILEGES, canonical: same(PLUGIN_PRIVILEGES), check: checkPlugin },
  'plugin-upgrade': { decode: PLUGIN_PRIVILEGES, canonical: same(PLUGIN_PRIVILEGES), check: checkPlugin },
  'plugin-set': { decode: PLUGIN_SETTINGS, canonical: same(PLUGIN_SETTINGS), check: checkPluginSettings },
};

function* checkService(v: GoValue | undefined, policy: BodyPolicy): Generator<Violation> {
  const task = get(v, 'TaskTemplate');
  yield* checkContainerSpec(get(task, 'ContainerSpec'), 'TaskTemplate.ContainerSpec', policy);
  const plugin = get(task, 'PluginSpec');
  if (isObject(plugin))
    yield* checkPluginPrivileges(get(plugin, 'privileges'), 'TaskTemplate.PluginSpec.privileges', policy);
  yield* checkAttachments(get(task, 'Networks'), 'TaskTemplate.Networks', policy);
  yield* checkAttachments(get(v, 'Networks'), 'Networks', policy);
}

function checkPlugin(v: GoValue | undefined, policy: BodyPolicy): Generator<Violation> {
  return checkPluginPrivileges(v, 'privileges', policy);
}

/** plugin Set: `mount.source=PATH` binds a host path into the plugin, `device.path=PATH` hands it a host device. */
function* checkPluginSettings(v: GoValue | undefined, policy: BodyPolicy): Generator<Violation> {
  for (const [i, setting] of items(v).entries()) {
    const s = text(setting);
    const eq = s.indexOf('=');
    const key = (eq === -1 ? s : s.slice(0, eq)).toLowerCase();
    const field = `settings[${i}]`;
    if (key.endsWith('.source')) yield* checkHostPath(s.slice(eq + 1), false, field, policy);
    if (key.endsWith('.path') && !policy.devices)
      yield { field, message: `${field} ${JSON.stringify(s)} hands the plugin a host device, which is not allowed` };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function refuse(field: string, message: string): BodyVerdict & { ok: false } {
  return { ok: false, status: 400, field, message };
}

/** A policed body as the daemon reads it, reshaped as doxy forwards it (null: an empty body), or why it is refused. */
export type DecodedBody =
  | { readonly ok: true; readonly canonical: { readonly schema: Schema; readonly value: GoValue | undefined } | null }
  | (BodyVerdict & { readonly ok: false });

/**
 * Reads a body into `schema` as Go's encoding/json does: 400 when it is not UTF-8, not JSON, too large, or not what
 * the daemon can decode (it would answer 400 too); 403 for a field doxy does not know. `empty`: no body at all.
 */
export function decodeGoBody(
  body: string | Uint8Array,
  schema: Schema,
):
  | { readonly ok: true; readonly empty: true }
  | { readonly ok: true; readonly empty: false; readonly value: GoValue | undefined }
  | (BodyVerdict & { readonly ok: false }) {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  if (bytes.length > MAX_POLICED_BODY_BYTES) return refuse('', `the body is over ${MAX_POLICED_BODY_BYTES} bytes`);
  let source: string;
  try {
    source = utf8.decode(bytes);
  } catch {
    return refuse('', 'the body is not UTF-8');
  }
  if (source.trim() === '') return { ok: true, empty: true };
  let tree;
  try {
    tree = readJson(source);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return refuse('', `the body is not JSON: ${error.message}`);
    throw error;
  }
  const decoded = goDecode(tree, schema, source);
  if (!decoded.ok) return refuse(decoded.path, decoded.message);
  const unknown = decoded.unknown[0];
  if (unknown !== undefined)
    return { ok: false, status: 403, field: unknown, message: `${unknown} is not a field the body policy knows` };
  return { ok: true, empty: false, value: decoded.value };
}

/**
 * Reads a policed body (see decodeGoBody). The policy only decides the cgroupns default the reshaping fills in (see
 * withPrivateCgroupns); what it allows is checkBody's business.
 */
export function decodeBody(request: PolicedRequest, body: string | Uint8Array, policy: BodyPolicy): DecodedBody {
  const shape = SHAPES[request.operation];
  const decoded = decodeGoBody(body, shape.decode);
  if (!decoded.ok) return decoded;
  if (decoded.empty) return { ok: true, canonical: null };
  return { ok: true, canonical: shape.canonical(decoded.value, policy) };
}

/**
 * Judges the body of a policed request: decodeBody's refusals; 403 for a field the policy does not allow. Otherwise
 * the body to forward ('' for an empty one), with its own Content-Length.
 */
export function checkBody(request: PolicedRequest, body: string | Uint8Array, policy: BodyPolicy): BodyVerdict {
  const decoded = decodeBody(request, body, policy);
  if (!decoded.ok) return decoded;
  const canonical = decoded.canonical;
  if (canonical === null) return { ok: true, body: '' };
  for (const v of SHAPES[request.operation].check(canonical.value, policy)) return { ok: false, status: 403, ...v };
  // A start body without a HostConfig is no body: the daemon then keeps the container's own.
  if (request.operation === 'container-start' && (canonical.value === undefined || canonical.value === null))
    return { ok: true, body: '' };
  return { ok: true, body: goEncode(canonical.schema, canonical.value) };
}

/** The message a client reads, in doxy's form. */
export function bodyVerdictMessage(
  method: string,
  path: string,
  verdict: BodyVerdict & { ok: false },
  profile: string,
): string {
  return verdict.status === 403
    ? `doxy: ${method} ${path} is denied: ${verdict.message} (profile ${profile})`
    : `doxy: ${method} ${path} is refused: ${verdict.message}`;
}
