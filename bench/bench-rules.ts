// The rule set doxy runs under in the bench: the builtin read-only set plus what the workloads need, as a pattern file.
import { BUILTIN_RULES } from '../shared/rules/builtin.ts';
import { formatPatternFile } from '../shared/rules/pattern-file.ts';
import type { Method, Rule } from '../shared/rules/types.ts';

const V = '(v\\d+\\.\\d+/)?';
const NAME = '[\\w.-]+';

function allow(id: string, methods: readonly Method[], pattern: string, comment: string): Rule {
  return { id, action: 'allow', methods, pattern, comment, enabled: true };
}

/** Ping stays where the builtin set has it; the workload rules follow, so most requests try several rules first. */
export const BENCH_RULES: readonly Rule[] = [
  ...BUILTIN_RULES,
  allow('export', ['GET'], `^/${V}images/[\\w.:@-]+(/[\\w.:@-]+)*/get$`, 'Image export'),
  allow('logs', ['GET'], `^/${V}containers/${NAME}/logs$`, 'Container logs'),
  allow('events', ['GET'], `^/${V}events$`, 'Event stream'),
  allow('exec-create', ['POST'], `^/${V}containers/${NAME}/exec$`, 'Create an exec'),
  allow('exec-start', ['POST'], `^/${V}exec/${NAME}/start$`, 'Start an exec (hijacked)'),
];

export const BENCH_PATTERN_FILE = formatPatternFile(BENCH_RULES);
