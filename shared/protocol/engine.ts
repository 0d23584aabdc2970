// Which engine doxy fronts, read from the daemon's own answers: Podman adds a Libpod-Api-Version header to every
// answer (its /_ping included) and names its component "Podman Engine" in /version; Docker does neither.

export interface Engine {
  readonly name: 'Docker' | 'Podman';
  /** The engine's release ("20.10.24", "4.3.1"), or null when /version did not say. */
  readonly version: string | null;
  /** The Docker API version it serves (the Api-Version header, "1.41"), or null. */
  readonly api: string | null;
  /** Podman's libpod API version (the Libpod-Api-Version header, "4.3.1"); null for Docker. */
  readonly libpodApi: string | null;
}

/** What the daemon answered: the two headers of its /_ping, and the parsed body of its /version (unknown: untrusted). */
export interface EngineAnswers {
  readonly apiVersion: string | undefined;
  readonly libpodApiVersion: string | undefined;
  readonly version: unknown;
}

/** A short printable token from the daemon, or null: nothing it sends reaches a log line unchecked. */
function token(value: unknown): string | null {
  return typeof value === 'string' && /^[\w.+~-]{1,64}$/.test(value) ? value : null;
}

function field(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
}

export function engineOf(answers: EngineAnswers): Engine {
  const components = field(answers.version, 'Components');
  const list = Array.isArray(components) ? (components as unknown[]) : [];
  const podmanComponent = list.find((c) => field(c, 'Name') === 'Podman Engine');
  const libpodApi = token(answers.libpodApiVersion);
  const podman = libpodApi !== null || podmanComponent !== undefined;
  return {
    name: podman ? 'Podman' : 'Docker',
    version: token(field(podmanComponent, 'Version')) ?? token(field(answers.version, 'Version')),
    api: token(answers.apiVersion) ?? token(field(answers.version, 'ApiVersion')),
    libpodApi,
  };
}

/** "Podman 4.3.1 (libpod API 4.3.1, Docker API 1.41)", "Docker 20.10.24 (API 1.41)". */
export function describeEngine(e: Engine): string {
  const release = e.version === null ? e.name : `${e.name} ${e.version}`;
  if (e.name === 'Podman') return `${release} (libpod API ${e.libpodApi ?? '?'}, Docker API ${e.api ?? '?'})`;
  return `${release} (API ${e.api ?? '?'}; no libpod API)`;
}

/** GET /api/engine. */
export interface EngineResponse {
  readonly dockerSocket: string;
  readonly engine: Engine | null;
}
