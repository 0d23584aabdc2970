// /api/profiles: list, create (empty, a copy of another profile, or from a preset), replace the rules of, and delete
// named rule sets. 'default' always exists; a profile a socket is bound to cannot be deleted.
import express, { Router } from 'express';
import { z } from 'zod';
import { findProfile, socketsBoundTo } from '../../../shared/profiles/configuration.ts';
import { DEFAULT_PROFILE, profileNameProblem } from '../../../shared/profiles/names.ts';
import { PRESETS, presetProfile } from '../../../shared/presets/presets.ts';
import type { ProfilesResponse } from '../../../shared/protocol/profiles.ts';
import type { Profile } from '../../../shared/profiles/types.ts';
import { AdminError, invalid, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { rulesState, saveConfig, saveRules } from '../save.ts';
import { savedWarnings } from '../saved-warnings.ts';
import { parseQuery, putRulesSchema } from '../schemas.ts';

const revision = z.number().int().positive();
const createSchema = z.strictObject({
  basedOn: revision,
  name: z.string().max(200),
  from: z
    .union([z.strictObject({ profile: z.string().max(200) }), z.strictObject({ preset: z.string().max(200) })])
    .optional(),
});
const deleteQuery = z.object({
  basedOn: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'must be a revision number')
    .transform(Number),
});

/** The --proxy-socket is bound to 'default' by the command line, not the store: it is listed there too. */
export async function profilesState({
  store,
  patternFile,
  proxySocket,
  offThread,
}: AdminDeps): Promise<ProfilesResponse> {
  const config = store.config();
  const revision = store.revision();
  const warnings = await savedWarnings(
    offThread,
    config.profiles.map((p) => ({
      rules: p.rules,
      patternFile: p.name === DEFAULT_PROFILE ? patternFile : null,
      policy: p.policy ?? null,
    })),
  );
  return {
    revision,
    profiles: config.profiles.map((p, i) => ({
      ...p,
      sockets: [...(p.name === DEFAULT_PROFILE ? [proxySocket] : []), ...socketsBoundTo(config, p.name)],
      warnings: warnings[i] ?? [],
      // Always sent, so that a reader need not know that absent means on.
      redact: p.redact !== false,
      scoped: p.scoped === true,
    })),
  };
}

function existing(store: AdminDeps['store'], name: string): string {
  if (!findProfile(store.config(), name))
    throw new AdminError(404, 'NO_SUCH_PROFILE', `there is no profile "${name.slice(0, 80)}"`, '/name');
  return name;
}

export function profilesRoutes(deps: AdminDeps): Router {
  const { store, offThread } = deps;
  const router = Router();
  router.get('/profiles', async (_req, res) => {
    res.json(await profilesState(deps));
  });

  router.post('/profiles', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const body = parseBody(createSchema, req.body);
    const nameProblem = profileNameProblem(body.name);
    if (nameProblem) throw new AdminError(400, 'INVALID_NAME', nameProblem, '/name');
    if (findProfile(store.config(), body.name))
      throw new AdminError(409, 'PROFILE_EXISTS', `profile "${body.name}" exists already`, '/name');
    let made: Profile = { name: body.name, rules: [] };
    if (body.from && 'profile' in body.from) {
      const from = findProfile(store.config(), body.from.profile);
      if (!from)
        throw new AdminError(
          404,
          'NO_SUCH_PROFILE',
          `there is no profile "${body.from.profile.slice(0, 80)}"`,
          '/from/profile',
        );
      made = { ...from, name: body.name };
    } else if (body.from) {
      const id = body.from.preset;
      const preset = PRESETS.find((p) => p.id === id);
      if (!preset)
        throw new AdminError(404, 'NO_SUCH_PRESET', `there is no preset "${id.slice(0, 80)}"`, '/from/preset');
      made = presetProfile(preset, body.name);
    }
    const from = body.from
      ? 'profile' in body.from
        ? ` from profile ${body.from.profile}`
        : ` from preset ${body.from.preset}`
      : '';
    const config = store.config();
    await saveConfig(
      deps,
      { ...config, profiles: [...config.profiles, made] },
      body.basedOn,
      `profile ${body.name} created${from}`,
    );
    res.status(201).json(await profilesState(deps));
  });

  router.get('/profiles/:name', async (req, res) => {
    const name = existing(store, String(req.params.name));
    res.json(await rulesState(deps, name));
  });

  router.put('/profiles/:name', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const name = existing(store, String(req.params.name));
    const body = parseBody(putRulesSchema, req.body);
    const rules = await offThread.run('validateRules', body.rules, '/rules');
    if (!rules.ok) throw invalid('INVALID_RULES', rules.problems);
    await saveRules(deps, name, rules.value, body.basedOn, body.reason ?? `profile ${name} saved in the admin app`);
    res.json(await rulesState(deps, name));
  });

  router.delete('/profiles/:name', async (req, res) => {
    const name = existing(store, String(req.params.name));
    const { basedOn } = parseQuery(deleteQuery, req.query);
    if (name === DEFAULT_PROFILE)
      throw new AdminError(
        409,
        'PROFILE_REQUIRED',
        `profile "${DEFAULT_PROFILE}" always exists (the --proxy-socket uses it); edit its rules instead`,
        '/name',
      );
    const bound = socketsBoundTo(store.config(), name);
    if (bound.length > 0)
      throw new AdminError(
        409,
        'PROFILE_IN_USE',
        `profile "${name}" is bound to ${bound.join(', ')}: bind ${bound.length === 1 ? 'that socket' : 'those sockets'} to another profile or remove ${bound.length === 1 ? 'it' : 'them'} first`,
        '/name',
      );
    const config = store.config();
    await saveConfig(
      deps,
      { ...config, profiles: config.profiles.filter((p) => p.name !== name) },
      basedOn,
      `profile ${name} deleted`,
      '?basedOn',
    );
    res.json(await profilesState(deps));
  });
  return router;
}
