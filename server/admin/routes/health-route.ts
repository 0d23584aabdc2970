// GET /healthz on the admin address: no token and no Host check, since it says only counts and a reachability word
// (what a load balancer, a compose healthcheck or Uptime Kuma may ask from anywhere). Being open, it must not let
// anyone drive the daemon: the checks asked for while a ping is in flight share that ping's answer, so a flood of them
// holds one daemon connection at a time.
import type { RequestHandler } from 'express';
import { judgeHealth, type DockerReach } from '../../../shared/protocol/health.ts';
import { reachDocker } from '../../health/docker-reach.ts';
import type { SocketManager } from '../../sockets/socket-manager.ts';

export function healthRoute(sockets: SocketManager, dockerSocket: string): RequestHandler {
  let inFlight: Promise<DockerReach> | null = null;
  const reach = (): Promise<DockerReach> =>
    (inFlight ??= reachDocker(dockerSocket).finally(() => {
      inFlight = null;
    }));
  return (_req, res, next) => {
    reach().then((docker) => {
      const report = judgeHealth(
        sockets.states().map((s) => s.listening),
        docker,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.status(report.status === 'healthy' ? 200 : 503).json(report);
    }, next);
  };
}
