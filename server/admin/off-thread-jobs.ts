// The checks of user input that the admin API runs on its worker thread (off-thread.ts), by name. Each takes and
// answers plain data (structured-clonable); an expected failure is thrown as an AdminError and reaches the route as one.
import { withBodyVerdicts } from '../../shared/check/body-check.ts';
import { checkResult } from '../../shared/check/check-result.ts';
import { coverage, type AreaCoverage } from '../../shared/catalog/coverage.ts';
import { lintRules } from '../../shared/lint/lint.ts';
import { rootGrantedOperations } from '../../shared/lint/lint-profile.ts';
import { proposePolicy, type SeenBody } from '../../shared/learn/propose-policy.ts';
import { parseBodyPolicy, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import { checkConfiguration } from '../../shared/profiles/configuration.ts';
import type { CheckRequest, CheckResult } from '../../shared/protocol/check.ts';
import type { LearnPolicyProposal } from '../../shared/protocol/learn.ts';
import type { RulesReview } from '../../shared/protocol/rules.ts';
import { compileRuleSet, type CompiledRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';
import { validateRules } from '../../shared/rules/ruleset-json.ts';
import type { Problem, Rule } from '../../shared/rules/types.ts';
import { invalid } from './api-error.ts';
import { lossOfRules } from './confirm-loss.ts';
import { readImport } from './import-file.ts';
import type { WarnedSet } from './saved-warnings.ts';
import { ruleWarnings } from './warnings.ts';

/** Rules sent along with a request (not saved), compiled; a 400 naming each problem under `base` otherwise. */
function compileGiven(input: unknown, base: string): CompiledRuleSet {
  const rules = validateRules(input, base);
  const compiled = rules.ok ? compileRuleSet(rules.value) : rules;
  if (!compiled.ok) throw invalid('INVALID_RULES', compiled.problems);
  return compiled.value;
}

export const JOBS = {
  validateRules,
  checkConfiguration,
  readImport,
  lossOfRules,
  /** The warnings of each set, in order (GET /api/profiles asks for every profile at once). */
  warnings: (sets: readonly WarnedSet[]): Problem[][] =>
    sets.map((s) => ruleWarnings(s.rules, s.patternFile, s.policy)),
  /** A draft's warnings and risky grants, before it is saved (the app shows them as the rules are edited). */
  reviewRules: (input: unknown, policy: BodyPolicy | null, patternFile: string | null): RulesReview => {
    const rules = validateRules(input, '/rules');
    if (!rules.ok) throw invalid('INVALID_RULES', rules.problems);
    return {
      warnings: ruleWarnings(rules.value, patternFile, policy),
      risky: [...rootGrantedOperations(rules.value, policy), ...new Set(lintRules(rules.value).map((w) => w.endpoint))],
    };
  },
  /** A body policy sent to be saved, its problems under /policy. */
  validatePolicy: (input: unknown): ReturnType<typeof parseBodyPolicy> => parseBodyPolicy(input, '/policy'),
  checkGiven: (
    input: unknown,
    requests: readonly CheckRequest[],
    policy: BodyPolicy | null,
    profile: string,
  ): CheckResult[] => {
    const set = compileGiven(input, '/rules');
    const results = requests.map((r) => checkResult(r, decide({ method: r.method, target: r.path }, set)));
    return withBodyVerdicts(requests, results, policy, profile);
  },
  /** The body verdicts of rows the rules were checked for already (a body is read with Go's rules: user input). */
  checkBodies: withBodyVerdicts,
  /** Learn mode's body policy from the policed bodies it saw (user input, read with Go's rules: off the main thread). */
  proposePolicy: (bodies: readonly SeenBody[], dropped: number): LearnPolicyProposal => {
    const { policy, flags, refused } = proposePolicy(bodies);
    return {
      policy,
      flags,
      refused: refused.map((r) => ({
        operation: bodies[r.index]?.operation ?? '',
        field: r.field,
        message: r.message,
      })),
      bodies: bodies.length,
      dropped,
    };
  },
  coverageGiven: (input: unknown, base: string): AreaCoverage[] => coverage(compileGiven(input, base)),
  /** The examples of accepted proposals that `rules` still denies (an earlier deny rule wins over an appended allow). */
  stillDenied: (
    rules: readonly Rule[],
    accepted: readonly { method: string; examples: readonly string[] }[],
  ): string[] => {
    const compiled = compileRuleSet(rules);
    if (!compiled.ok) return [];
    return accepted.flatMap((p) =>
      p.examples
        .filter((path) => decide({ method: p.method, target: path }, compiled.value).verdict !== 'allow')
        .map((path) => `${p.method} ${path}`),
    );
  },
};

export type Jobs = typeof JOBS;
export type JobName = keyof Jobs;

/** What the worker posts back for a job: its value, or its error as plain data. */
export type JobReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: {
        readonly message: string;
        /** Set for an AdminError, which is rebuilt as one. */
        readonly admin?: { status: number; code: string; where?: string; problems?: readonly Problem[] };
      };
    };

export interface JobRequest {
  readonly id: number;
  readonly job: JobName;
  readonly args: readonly unknown[];
}
