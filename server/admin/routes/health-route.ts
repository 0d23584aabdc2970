// GET /healthz on the admin address: no token and no Host check, since it says only counts and a reachability word
// (what a load balancer, a compose healthcheck or Uptime Kuma may ask from anywhere).
import type { RequestHandler } from 'express';
import { judgeHealth } from '../../../shared/protocol/health.ts';
import { reachDocker } from '../../health/docker-reach.ts';
import type { SocketManager } from '../../sockets/socket-manager.ts';

export function healthRoute(sockets: SocketManager, dockerSocket: string): RequestHandler {
  return (_req, res, next) => {
    reachDocker(dockerSocket).then((docker) => {
      const report = judgeHealth(
        sockets.states().map((s) => s.listening),
        docker,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.status(report.status === 'healthy' ? 200 : 503).json(report);
    }, next);
  };
}
