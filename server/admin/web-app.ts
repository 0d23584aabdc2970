// Serves the built React app (web/dist), compressed; when it was not built, says so instead of a bare 404.
import compression from 'compression';
import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Why the app cannot be served, or null when it can. */
export function webMissing(root: string): string | null {
  return existsSync(join(root, 'index.html'))
    ? null
    : `the admin web app is not built (no ${join(root, 'index.html')}): run "npm run build:web"`;
}

export function webRoutes(root: string): Router {
  const router = Router();
  // The bundle is some 600 KB of text: gzip or brotli, as the browser asks, sends a fraction of it.
  router.use(compression());
  // Browsers ask for /favicon.ico whatever the page declares: the app's icon answers, not a 404 in the console.
  router.get('/favicon.ico', (_req, res, next) => {
    res.type('image/svg+xml').sendFile(join(root, 'favicon.svg'), (err) => {
      if (err) next();
    });
  });
  // Hashed asset names can be cached for good; index.html must be fresh so that a rebuild is seen.
  router.use(
    express.static(root, {
      index: 'index.html',
      setHeaders: (res, path) =>
        res.setHeader(
          'Cache-Control',
          path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
        ),
    }),
  );
  router.get('/', (_req, res) => {
    res
      .status(503)
      .type('text/plain')
      .send(`doxy: ${webMissing(root) ?? 'the admin web app is unavailable'}\n`);
  });
  return router;
}
