// GET /api/learn and POST /api/learn/{start,stop,accept}[?socket=PATH]: learn mode of one socket (the --proxy-socket when
// none is named), and its proposal turned into rules of the profile that socket is bound to.
import express, { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_LEARN_MINUTES } from '../../../shared/learn/deadline.ts';
import { proposalsToRules, type Proposal } from '../../../shared/learn/propose.ts';
import type { LearnProposal, LearnResponse } from '../../../shared/protocol/learn.ts';
import type { LearnMode } from '../../learn/learn-mode.ts';
import { AdminError, invalid, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { parseQuery } from '../schemas.ts';
import { rulesState, saveRules } from '../save.ts';

/** A week at most; fractions are allowed (0.5 is thirty seconds); absent is DEFAULT_LEARN_MINUTES, null no deadline. */
const startSchema = z.strictObject({
  minutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .nullable()
    .optional(),
});
const acceptSchema = z.strictObject({
  basedOn: z.number().int().positive(),
  patterns: z
    .array(z.strictObject({ method: z.string().max(16), pattern: z.string().max(4096) }))
    .min(1)
    .max(1000),
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

export function learnState(learn: LearnMode, socket: string): LearnResponse {
  learn.active(); // ends it when its deadline passed
  return { socket, state: learn.state(), proposals: learn.proposals().map(proposalDto) };
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
  router.get('/learn', (req, res) => {
    const t = target(req.query);
    res.json(learnState(t.learn, t.socket));
  });
  router.post('/learn/start', express.json({ limit: BODY_LIMIT }), (req, res) => {
    const t = target(req.query);
    const { minutes } = parseBody(startSchema, req.body ?? {});
    const until = minutes === null ? null : (minutes ?? DEFAULT_LEARN_MINUTES);
    t.learn.start(until === null ? null : new Date(Date.now() + until * 60_000));
    res.json(learnState(t.learn, t.socket));
  });
  router.post('/learn/stop', (req, res) => {
    const t = target(req.query);
    t.learn.stop();
    res.json(learnState(t.learn, t.socket));
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
    const current = store.rules(t.profile);
    const added = proposalsToRules(chosen, new Set(current.map((r) => r.id)));
    const rules = await offThread.run('validateRules', [...current, ...added], '/rules');
    if (!rules.ok) throw invalid('INVALID_RULES', rules.problems);
    const of = t.socket === proxySocket ? '' : ` on ${t.socket} (profile ${t.profile})`;
    await saveRules(
      deps,
      t.profile,
      rules.value,
      body.basedOn,
      `accepted ${added.length} learned rule${added.length === 1 ? '' : 's'}${of}`,
    );
    // Back to enforcing, with nothing left over to propose twice.
    t.learn.stop();
    t.learn.clear();
    const accepted = chosen.map((p) => ({ method: p.method, examples: p.examples }));
    res.json({
      ...(await rulesState(deps, t.profile)),
      profile: t.profile,
      added: added.map((r) => r.id),
      stillDenied: await offThread.run('stillDenied', rules.value, accepted),
    });
  });
  return router;
}
