// A network connect or disconnect names a container in its body: a scoped profile may only name one of its own.
// The body is read as the daemon reads it, and doxy forwards its own serialisation, naming the container by the full
// id whose owner it checked.
import { decodeGoBody, type BodyVerdict } from '../policy/check-body.ts';
import { goEncode } from '../policy/go-encode.ts';
import { isObject, opaque, string, struct } from '../policy/go-schema.ts';
import { text } from '../policy/go-values.ts';

/** network.ConnectOptions and DisconnectOptions (API 1.24 to 1.50): only Container is read. */
export const NETWORK_CONNECT = struct({ Container: string, EndpointConfig: opaque, Force: opaque });

export type ConnectBody =
  | { readonly ok: true; readonly container: string; readonly body: (id: string) => string }
  | (BodyVerdict & { readonly ok: false });

/** The container a connect or disconnect body names, and the body to forward once it is known as `id`. */
export function readConnectBody(body: string | Uint8Array): ConnectBody {
  const decoded = decodeGoBody(body, NETWORK_CONNECT);
  if (!decoded.ok) return decoded;
  const value = !decoded.empty && isObject(decoded.value) ? decoded.value : {};
  const container = text(value.Container);
  return { ok: true, container, body: (id) => goEncode(NETWORK_CONNECT, { ...value, Container: id }) };
}
