// The admin Express app: security headers, the Host/Origin guard, the token login, the JSON API and the web app.
import express, { Router, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { AdminError, errorMapper, sendError } from './api-error.ts';
import type { AdminDeps } from './deps.ts';
import type { createGuard } from './guard.ts';
import { engineRoute } from './routes/engine-route.ts';
import { healthRoute } from './routes/health-route.ts';
import { checkRoutes } from './routes/check-routes.ts';
import { coverageRoutes } from './routes/coverage-routes.ts';
import { historyRoutes } from './routes/history-routes.ts';
import { learnRoutes } from './routes/learn-routes.ts';
import { logSearchRoutes } from './routes/log-search-routes.ts';
import { metricsRoute } from './routes/metrics-route.ts';
import { statsRoutes } from './routes/stats-routes.ts';
import { policyRoutes } from './routes/policy-routes.ts';
import { redactionRoutes } from './routes/redaction-routes.ts';
import { scopeRoutes } from './routes/scope-routes.ts';
import { presetsRoutes } from './routes/presets-routes.ts';
import { profilesRoutes } from './routes/profiles-routes.ts';
import { socketsRoutes } from './routes/sockets-routes.ts';
import { rulesRoutes } from './routes/rules-routes.ts';
import { transferRoutes } from './routes/transfer-routes.ts';
import type { Session } from './session.ts';
import { DEFAULT_WEB_ROOT, webRoutes } from './web-app.ts';

const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      // Served over plain http on loopback: upgrading would break every request.
      'upgrade-insecure-requests': null,
    },
  },
  strictTransportSecurity: false,
});

/** `/?token=...` logs the browser in and redirects to `/`, so the token leaves the address bar and the history. */
function login(session: Session): RequestHandler {
  return (req, res, next) => {
    const token = req.query.token;
    if (token === undefined) {
      next();
      return;
    }
    if (typeof token !== 'string' || !session.isToken(token)) {
      res.status(401).type('text/plain').send('doxy: wrong admin token; open the URL doxy printed at start\n');
      return;
    }
    res.setHeader('Set-Cookie', session.setCookie);
    res.redirect(303, '/');
  };
}

function api(deps: AdminDeps, session: Session): Router {
  const router = Router();
  router.use((req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (session.authorized(req)) {
      next();
      return;
    }
    sendError(
      res,
      new AdminError(
        401,
        'UNAUTHORIZED',
        'send the admin token as "Authorization: Bearer TOKEN", or open the URL doxy printed at start',
      ),
    );
  });
  router.use(
    rulesRoutes(deps),
    checkRoutes(deps),
    policyRoutes(deps),
    redactionRoutes(deps),
    scopeRoutes(deps),
    transferRoutes(deps),
    historyRoutes(deps),
    coverageRoutes(deps),
    presetsRoutes(),
  );
  router.use(learnRoutes(deps), logSearchRoutes(deps), statsRoutes(deps), profilesRoutes(deps), socketsRoutes(deps));
  router.use(engineRoute(deps));
  router.use((req) => {
    throw new AdminError(
      404,
      'NOT_FOUND',
      `no API endpoint ${req.method} ${req.originalUrl.split('?')[0]?.slice(0, 100)}`,
    );
  });
  return router;
}

export function createAdminApp(deps: AdminDeps, guard: ReturnType<typeof createGuard>, session: Session): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.get('/healthz', healthRoute(deps.sockets, deps.dockerSocket));
  app.use((req, res, next) => {
    const refusal = guard(req);
    if (refusal === null) next();
    else sendError(res, refusal);
  });
  app.get('/', login(session));
  app.use('/api', api(deps, session));
  app.get('/metrics', metricsRoute(deps.metrics, session));
  app.use(webRoutes(deps.webRoot ?? DEFAULT_WEB_ROOT));
  app.use(errorMapper);
  return app;
}
