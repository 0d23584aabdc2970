// GET /api/export and POST /api/import: a profile's rules as doxy-ruleset JSON or a doxy pattern file (?profile=NAME,
// 'default' when absent), or the whole configuration as doxy-config JSON; every import has a dry run.
import express, { Router, type Response } from 'express';
import { formatConfigFile } from '../../../shared/profiles/config-file.ts';
import type { ConfigImportResponse, ImportResponse } from '../../../shared/protocol/transfer.ts';
import { formatPatternFile } from '../../../shared/rules/pattern-file.ts';
import {
  type Configuration,
  findProfile,
  profilePolicy,
  profileRedacts,
  profileScoped,
  withProfilePolicy,
  withProfileRedaction,
  withProfileScope,
  withProfileRules,
} from '../../../shared/profiles/configuration.ts';
import { formatProfileFile } from '../../../shared/profiles/profile-file.ts';
import { AdminError } from '../api-error.ts';
import { NO_LOSS, requireConfigConfirmation, requireConfirmation } from '../confirm-loss.ts';
import { diffProfiles, diffSockets } from '../config-diff.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { diffRules } from '../../../shared/diff/rule-diff.ts';
import { profileParam, saveConfig } from '../save.ts';
import { exportQuerySchema, importQuerySchema, parseQuery } from '../schemas.ts';
import { checkSocketList, proxySpec } from '../socket-list.ts';

export function transferRoutes(deps: AdminDeps): Router {
  const { store, sockets, proxySocket, offThread } = deps;
  const router = Router();
  router.get('/export', (req, res) => {
    const { format } = parseQuery(exportQuerySchema, req.query);
    if (format === 'config') {
      res
        .type('application/json')
        .attachment(`doxy-config-r${store.revision()}.json`)
        .send(formatConfigFile(store.config()));
      return;
    }
    const profile = profileParam(store, req.query);
    const name = `doxy-rules${profile === 'default' ? '' : `-${profile}`}-r${store.revision()}`;
    if (format === 'pattern') {
      res
        .type('text/plain')
        .attachment(`${name}.pattern`)
        .send(formatPatternFile(store.rules(profile)));
    } else {
      res
        .type('application/json')
        .attachment(`${name}.json`)
        .send(
          formatProfileFile(
            store.rules(profile),
            findProfile(store.config(), profile)?.policy,
            profileRedacts(store.config(), profile),
            profileScoped(store.config(), profile),
          ),
        );
    }
  });

  const needBasedOn = (basedOn: number | undefined): number => {
    if (basedOn === undefined)
      throw new AdminError(
        400,
        'INVALID_QUERY',
        '?basedOn: applying an import needs the revision it was reviewed against (the dry run answers it)',
        '?basedOn',
      );
    return basedOn;
  };

  const importConfig = async (
    res: Response,
    config: Configuration,
    query: { dryRun?: boolean; basedOn?: number; confirm?: boolean },
    name: string,
  ): Promise<void> => {
    // The --proxy-socket's entry may be in a file exported elsewhere: it is the command line's, and left out.
    const next = {
      profiles: config.profiles,
      sockets: checkSocketList(config.sockets, config.profiles, proxySpec(sockets, proxySocket)),
    };
    const before = store.config();
    const answer = (dryRun: boolean, revision: number): ConfigImportResponse => ({
      dryRun,
      format: 'doxy-config',
      revision,
      profiles: diffProfiles(before, next),
      sockets: diffSockets(before.sockets, next.sockets),
      config: next,
    });
    if (query.dryRun === true) {
      res.json(answer(true, store.revision()));
      return;
    }
    const basedOn = needBasedOn(query.basedOn);
    // A stale import is the revision conflict saveConfig answers, not a question.
    if (basedOn === store.revision()) await requireConfigConfirmation(offThread, before, next, query.confirm === true);
    const saved = await saveConfig(deps, next, basedOn, `imported doxy-config file ${name}`, '?basedOn');
    await sockets.settled();
    res.json(answer(false, saved));
  };

  // The body is the file itself, whatever its Content-Type says.
  router.post('/import', express.text({ type: () => true, limit: BODY_LIMIT }), async (req, res) => {
    const query = parseQuery(importQuerySchema, req.query);
    const name = query.name ?? 'imported file';
    const file = await offThread.run('readImport', typeof req.body === 'string' ? req.body : '', name);
    if (file.format === 'doxy-config') {
      await importConfig(res, file.config, query, name);
      return;
    }
    const profile = profileParam(store, req.query);
    const revision = store.revision();
    const current = store.rules(profile);
    const diff = diffRules(current, file.rules);
    // The preview shows what deserves a look in the new set, and what it would take away (the app asks before it).
    // Linted with the policy the profile will have: the file's when it carries one, the profile's own otherwise.
    const policy = file.policy === undefined ? profilePolicy(store.config(), profile) : file.policy;
    const [warnings = []] = await offThread.run('warnings', [{ rules: file.rules, patternFile: null, policy }]);
    const review = {
      warnings,
      loss: (await offThread.run('lossOfRules', current, file.rules)) ?? NO_LOSS,
      ...(file.policy === undefined ? {} : { policy: file.policy }),
      ...(file.redact === undefined ? {} : { redact: file.redact }),
      ...(file.scoped === undefined ? {} : { scoped: file.scoped }),
    };
    if (query.dryRun === true) {
      const answer: ImportResponse = {
        dryRun: true,
        format: file.format,
        revision,
        diff,
        rules: file.rules,
        ...review,
      };
      res.json(answer);
      return;
    }
    const basedOn = needBasedOn(query.basedOn);
    if (basedOn === revision) await requireConfirmation(offThread, current, file.rules, query.confirm === true);
    const withRules = withProfileRules(store.config(), profile, file.rules);
    const withPolicy = file.policy === undefined ? withRules : withProfilePolicy(withRules, profile, file.policy);
    const withRedaction =
      file.redact === undefined ? withPolicy : withProfileRedaction(withPolicy, profile, file.redact);
    const saved = await saveConfig(
      deps,
      file.scoped === undefined ? withRedaction : withProfileScope(withRedaction, profile, file.scoped),
      basedOn,
      `imported ${file.format} file ${name}${profile === 'default' ? '' : ` into profile ${profile}`}`,
      '?basedOn',
    );
    const answer: ImportResponse = {
      dryRun: false,
      format: file.format,
      revision: saved,
      diff,
      rules: file.rules,
      ...review,
    };
    res.json(answer);
  });
  return router;
}
