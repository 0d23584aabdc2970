// The label that says which profile made an object, and the create bodies doxy stamps it into: doxy's own
// serialisation of what the daemon would decode (the client's text never reaches the daemon), with
// Labels["doxy.owner"] set to the profile. A client that names another owner is refused, not overwritten.
import { decodeGoBody, type BodyVerdict } from '../policy/check-body.ts';
import { canonicalCreate } from '../policy/container-body.ts';
import { CONFIG_WRAPPER, CREATE_REQUEST, VOLUME_CREATE } from '../policy/docker-types.ts';
import { goEncode } from '../policy/go-encode.ts';
import { isObject, opaque, string, stringMap, struct, type GoValue, type Schema } from '../policy/go-schema.ts';

export const OWNER_LABEL = 'doxy.owner';

/** The objects a scoped profile owns. Images have no owner: every profile that may read them sees them all. */
export const OWNED_OBJECTS = ['container', 'network', 'volume'] as const;
export type OwnedObject = (typeof OWNED_OBJECTS)[number];

/**
 * network.CreateRequest (API 1.24 to 1.50): only Name and Labels are read; the rest is forwarded as the client wrote
 * each field (once, under its canonical name).
 */
export const NETWORK_CREATE = struct({
  Name: string,
  CheckDuplicate: opaque,
  Driver: opaque,
  Scope: opaque,
  EnableIPv4: opaque,
  EnableIPv6: opaque,
  IPAM: opaque,
  Internal: opaque,
  Attachable: opaque,
  Ingress: opaque,
  ConfigOnly: opaque,
  ConfigFrom: opaque,
  Options: opaque,
  Labels: stringMap,
});

interface Shape {
  readonly decode: Schema;
  readonly encode: Schema;
  readonly canonical: (decoded: GoValue | undefined) => Record<string, GoValue | undefined>;
}

const asIs = (v: GoValue | undefined): Record<string, GoValue | undefined> => ({ ...(isObject(v) ? v : {}) });

const SHAPES: Record<OwnedObject, Shape> = {
  // The cgroupns default is the body policy's business (check-body.ts), which has run first when there is one.
  container: { decode: CONFIG_WRAPPER, encode: CREATE_REQUEST, canonical: (v) => canonicalCreate(asIs(v), false) },
  network: { decode: NETWORK_CREATE, encode: NETWORK_CREATE, canonical: asIs },
  volume: { decode: VOLUME_CREATE, encode: VOLUME_CREATE, canonical: asIs },
};

/**
 * The create body of `object` with the owner label of `profile` added (an empty body becomes one that holds only
 * it), or why it is refused: what the daemon could not decode (400), a field doxy does not know or an owner label
 * naming someone else (403).
 */
export function stampOwner(object: OwnedObject, body: string | Uint8Array, profile: string): BodyVerdict {
  const shape = SHAPES[object];
  const decoded = decodeGoBody(body, shape.decode);
  if (!decoded.ok) return decoded;
  const value = shape.canonical(decoded.empty ? undefined : decoded.value);
  const labels: Record<string, GoValue> = Object.create(null) as Record<string, GoValue>;
  if (isObject(value.Labels)) Object.assign(labels, value.Labels);
  const claimed = labels[OWNER_LABEL];
  if (claimed !== undefined && claimed !== profile)
    return {
      ok: false,
      status: 403,
      field: `Labels.${OWNER_LABEL}`,
      message: `the label ${OWNER_LABEL} is doxy's: it names the profile that made the ${object}, here ${profile}`,
    };
  labels[OWNER_LABEL] = profile;
  value.Labels = labels;
  return { ok: true, body: goEncode(shape.encode, value) };
}
