// GET /api/export and POST /api/import: rule sets as doxy-ruleset JSON or doxy pattern files, import with a dry run.
import express, { Router } from 'express';
import type { ImportResponse } from '../../../shared/protocol.ts';
import { formatPatternFile } from '../../../shared/rules/pattern-file.ts';
import { formatRuleSetFile } from '../../../shared/rules/ruleset-json.ts';
import { AdminError } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { readImport } from '../import-file.ts';
import { diffRules } from '../rule-diff.ts';
import { saveRules } from '../save.ts';
import { exportQuerySchema, importQuerySchema, parseQuery } from '../schemas.ts';

export function transferRoutes({ store }: AdminDeps): Router {
  const router = Router();
  router.get('/export', (req, res) => {
    const { format } = parseQuery(exportQuerySchema, req.query);
    const name = `doxy-rules-r${store.revision()}`;
    if (format === 'pattern') {
      res.type('text/plain').attachment(`${name}.pattern`).send(formatPatternFile(store.rules()));
    } else {
      res.type('application/json').attachment(`${name}.json`).send(formatRuleSetFile(store.rules()));
    }
  });

  // The body is the file itself, whatever its Content-Type says.
  router.post('/import', express.text({ type: () => true, limit: BODY_LIMIT }), async (req, res) => {
    const query = parseQuery(importQuerySchema, req.query);
    const name = query.name ?? 'imported file';
    const file = readImport(typeof req.body === 'string' ? req.body : '', name);
    const revision = store.revision();
    const diff = diffRules(store.rules(), file.rules);
    if (query.dryRun === true) {
      const answer: ImportResponse = { dryRun: true, format: file.format, revision, diff, rules: file.rules };
      res.json(answer);
      return;
    }
    if (query.basedOn === undefined) {
      throw new AdminError(400, 'INVALID_QUERY', '?basedOn: applying an import needs the revision it was reviewed against (the dry run answers it)', '?basedOn');
    }
    const saved = await saveRules(store, file.rules, query.basedOn, `imported ${file.format} file ${name}`, '?basedOn');
    const answer: ImportResponse = { dryRun: false, format: file.format, revision: saved, diff, rules: file.rules };
    res.json(answer);
  });
  return router;
}
