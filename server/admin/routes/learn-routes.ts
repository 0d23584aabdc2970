// GET /api/learn and POST /api/learn/{start,stop,accept}[?socket=PATH]: learn mode of one socket (the --proxy-socket when
// none is named), and its proposal turned into rules (and a body policy) of the profile that socket is bound to.
import express, { Router } from 'express';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { DEFAULT_LEARN_MINUTES } from '../../../shared/learn/deadline.ts';
import { proposalsToRules, type Proposal } from '../../../shared/learn/propose.ts';
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import { profilePolicy, withProfilePolicy, withProfileRules } from '../../../shared/profiles/configuration.ts';
import type { LearnProposal, LearnResponse } from '../../../shared/protocol/learn.ts';
import type { LearnMode } from '../../learn/learn-mode.ts';
import { AdminError, invalid, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { parseQuery } from '../schemas.ts';
import { proposedPolicy } from '../learn-policy.ts';
import type { OffThread } from '../off-thread.ts';
import { rulesState, saveConfig } from '../save.ts';

/** A week at most; fractions are allowed (0.5 is thirty seconds); absent is DEFAULT_LEARN_MINUTES, null no deadline. */
const startSchema = z.strictObject({
  minutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .nullable()
    .optional(),
});
const acceptSchema = z
  .strictObject({
    basedOn: z.number().int().positive(),
    patterns: z.array(z.strictObject({ method: z.string().max(16), pattern: z.string().max(4096) })).max(1000),
    /** The proposed body policy as the app showed it; checked against the proposal, never saved as sent. */
    policy: z.unknown().optional(),
  })
  .refine((b) => b.patterns.length > 0 || b.policy !== undefined, {
    message: 'choose at least one proposed rule, or the proposed body policy',
    path: ['patterns'],
  });

function proposalDto(p: Proposal): LearnProposal {
  return {
    method: p.method,
    pattern: p.pattern,
    count: p.count,
    examples: p.examples,
    risk: p.risk,
    summary: p.operation?.summary ?? null,
    preselected: p.preselected,
    flag: p.flag,
  };
}

const socketQuery = z.object({ socket: z.string().max(1000).optional() });

export async function learnState(learn: LearnMode, socket: string, offThread: OffThread): Promise<LearnResponse> {
  learn.active(); // ends it when its deadline passed
  const policy = await proposedPolicy(offThread, learn);
  return { socket, state: learn.state(), proposals: learn.proposals().map(proposalDto), policy };
}

/** The proposed body policy the app sent back, if it is still the proposal: the one to save. */
async function chosenPolicy(offThread: OffThread, learn: LearnMode, sent: unknown): Promise<BodyPolicy | undefined> {
  if (sent === undefined) return undefined;
  const proposal = await proposedPolicy(offThread, learn);
  if (proposal && isDeepStrictEqual(proposal.policy, sent)) return proposal.policy;
  throw new AdminError(
    400,
    'NO_SUCH_PROPOSAL',
    'the body policy sent is not the one proposed (bodies seen since changed it, or it was accepted already): reload it',
    '/policy',
  );
}

export function learnRoutes(deps: AdminDeps): Router {
  const { store, learn: learnFor, sockets, proxySocket, offThread } = deps;
  const router = Router();
  /** The socket named by ?socket= (the --proxy-socket when absent), its learn mode and the profile it is bound to now. */
  const target = (query: unknown): { socket: string; learn: LearnMode; profile: string } => {
    const socket = parseQuery(socketQuery, query).socket ?? proxySocket;
    const state = sockets.states().find((s) => s.path === socket);
    if (!state) throw new AdminError(404, 'NO_SUCH_SOCKET', `there is no socket ${socket.slice(0, 200)}`, '?socket');
    return { socket, learn: learnFor(socket), profile: state.profile };
  };
  router.get('/learn', async (req, res) => {
    const t = target(req.query);
    res.json(await learnState(t.learn, t.socket, offThread));
  });
  router.post('/learn/start', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const t = target(req.query);
    const { minutes } = parseBody(startSchema, req.body ?? {});
    const until = minutes === null ? null : (minutes ?? DEFAULT_LEARN_MINUTES);
    t.learn.start(until === null ? null : new Date(Date.now() + until * 60_000));
    res.json(await learnState(t.learn, t.socket, offThread));
  });
  router.post('/learn/stop', async (req, res) => {
    const t = target(req.query);
    t.learn.stop();
    res.json(await learnState(t.learn, t.socket, offThread));
  });
  router.post('/learn/accept', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const t = target(req.query);
    const body = parseBody(acceptSchema, req.body);
    const proposals = t.learn.proposals();
    const chosen = body.patterns.map((wanted, i) => {
      const found = proposals.find((p) => p.method === wanted.method && p.pattern === wanted.pattern);
      if (!found)
        throw new AdminError(
          400,
          'NO_SUCH_PROPOSAL',
          `${wanted.method} ${wanted.pattern.slice(0, 200)} is not among the proposals (they changed, or were accepted already): reload them`,
          `/patterns/${i}`,
        );
      return found;
    });
    const policy = await chosenPolicy(offThread, t.learn, body.policy);
    const current = store.rules(t.profile);
    const added = proposalsToRules(chosen, new Set(current.map((r) => r.id)));
    const rules = await offThread.run('validateRules', [...current, ...added], '/rules');
    if (!rules.ok) throw invalid('INVALID_RULES', rules.problems);
    const of = t.socket === proxySocket ? '' : ` on ${t.socket} (profile ${t.profile})`;
    const withRules = withProfileRules(store.config(), t.profile, rules.value);
    const what = [
      ...(added.length > 0 ? [`${added.length} learned rule${added.length === 1 ? '' : 's'}`] : []),
      ...(policy ? ['the learned body policy'] : []),
    ].join(' and ');
    await saveConfig(
      deps,
      policy ? withProfilePolicy(withRules, t.profile, policy) : withRules,
      body.basedOn,
      `accepted ${what}${of}`,
    );
    // Back to enforcing, with nothing left over to propose twice.
    t.learn.stop();
    t.learn.clear();
    const accepted = chosen.map((p) => ({ method: p.method, examples: p.examples }));
    res.json({
      ...(await rulesState(deps, t.profile)),
      profile: t.profile,
      added: added.map((r) => r.id),
      policy: profilePolicy(store.config(), t.profile),
      stillDenied: await offThread.run('stillDenied', rules.value, accepted),
    });
  });
  return router;
}
