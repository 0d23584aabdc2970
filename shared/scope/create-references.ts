// The objects a container create names besides itself: named volumes it mounts, networks it joins, containers whose
// namespaces, volumes or name it takes. Through a scoped profile every one must be the profile's own, or the
// container would reach another profile's data and networks. Read from the body doxy forwards (its own
// serialisation: plain JSON, each field once under its canonical name).
import type { OwnedObject } from './owner-label.ts';

export interface Reference {
  readonly object: OwnedObject;
  readonly ref: string;
  /** The field that names it, for the refusal. */
  readonly field: string;
}

/** The networks every daemon has, which belong to no profile and which any container may join (the policy decides host). */
export const BUILTIN_NETWORKS = new Set(['', 'default', 'bridge', 'host', 'none']);

type Json = Record<string, unknown>;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const object = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** `container:NAME` in a namespace mode. */
function containerMode(mode: unknown, field: string): Reference[] {
  return typeof mode === 'string' && mode.startsWith('container:')
    ? [{ object: 'container', ref: mode.slice('container:'.length), field }]
    : [];
}

function network(name: string, field: string): Reference[] {
  if (BUILTIN_NETWORKS.has(name) || name.startsWith('container:')) return [];
  return [{ object: 'network', ref: name, field }];
}

/** Every object the create body `text` (doxy's serialisation) names, in field order. */
export function createReferences(text: string): Reference[] {
  const body = object(JSON.parse(text));
  const hc = object(body.HostConfig);
  const out: Reference[] = [];
  for (const bind of strings(hc.Binds)) {
    const source = bind.split(':')[0] ?? '';
    if (source !== '' && !source.startsWith('/'))
      out.push({ object: 'volume', ref: source, field: 'HostConfig.Binds' });
  }
  for (const m of Array.isArray(hc.Mounts) ? hc.Mounts : []) {
    const mount = object(m);
    if (mount.Type === 'volume' && typeof mount.Source === 'string' && mount.Source !== '')
      out.push({ object: 'volume', ref: mount.Source, field: 'HostConfig.Mounts' });
  }
  for (const from of strings(hc.VolumesFrom))
    out.push({ object: 'container', ref: from.split(':')[0] ?? '', field: 'HostConfig.VolumesFrom' });
  for (const link of strings(hc.Links))
    out.push({ object: 'container', ref: (link.split(':')[0] ?? '').replace(/^\//, ''), field: 'HostConfig.Links' });
  out.push(...containerMode(hc.NetworkMode, 'HostConfig.NetworkMode'));
  out.push(...containerMode(hc.PidMode, 'HostConfig.PidMode'));
  out.push(...containerMode(hc.IpcMode, 'HostConfig.IpcMode'));
  if (typeof hc.NetworkMode === 'string') out.push(...network(hc.NetworkMode, 'HostConfig.NetworkMode'));
  for (const name of Object.keys(object(object(body.NetworkingConfig).EndpointsConfig)))
    out.push(...network(name, 'NetworkingConfig.EndpointsConfig'));
  return out;
}
