// GET /healthz and `doxy --health-check`: whether doxy serves, in counts only, so that it needs no token and tells an
// unauthenticated caller nothing about paths, profiles or rules.

/** What the Docker socket answered to `/_ping`: ok, or why not (missing, refused, not permitted, other). */
export type DockerReach = 'ok' | 'missing' | 'refused' | 'not-permitted' | 'no-answer';

/** The body of GET /healthz (status 200 when healthy, 503 when not). */
export interface HealthReport {
  readonly status: 'healthy' | 'unhealthy';
  readonly sockets: { readonly listening: number; readonly total: number };
  readonly docker: DockerReach;
}

/** Healthy when every socket listens and the daemon answers `/_ping`. */
export function judgeHealth(listening: readonly boolean[], docker: DockerReach): HealthReport {
  const up = listening.filter(Boolean).length;
  const healthy = up === listening.length && listening.length > 0 && docker === 'ok';
  return { status: healthy ? 'healthy' : 'unhealthy', sockets: { listening: up, total: listening.length }, docker };
}
