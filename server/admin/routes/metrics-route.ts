// GET /metrics on the admin address: Prometheus text format, behind the same token as the API (Bearer or the session cookie).
import type { RequestHandler } from 'express';
import type { Metrics } from '../../metrics/metrics.ts';
import { AdminError, sendError } from '../api-error.ts';
import type { Session } from '../session.ts';

export function metricsRoute(metrics: Metrics, session: Session): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!session.authorized(req)) {
      sendError(
        res,
        new AdminError(
          401,
          'UNAUTHORIZED',
          'send the admin token as "Authorization: Bearer TOKEN" (in Prometheus: authorization: {credentials: TOKEN})',
        ),
      );
      return;
    }
    metrics.render().then((text) => {
      res.type(metrics.contentType).send(text);
    }, next);
  };
}
