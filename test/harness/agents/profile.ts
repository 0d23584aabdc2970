// Gives doxy a profile made from a preset (or from a list of operations), the way a user would: as a pattern file.
import { execFileSync } from 'node:child_process';
import { PRESETS, presetRules, type Preset } from '../../../shared/presets/presets.ts';
import { formatPatternFile } from '../../../shared/rules/pattern-file.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { startDoxyWithPatterns } from '../docker-cli.ts';
import type { DoxyProcess } from '../doxy.ts';

export function preset(id: string): Preset {
  const found = PRESETS.find((p) => p.id === id);
  if (!found) throw new Error(`no preset "${id}" (have ${PRESETS.map((p) => p.id).join(', ')})`);
  return found;
}

/** A profile granting exactly `operations` (`METHOD /template` from the catalog), built like a preset's. */
export function profileOf(id: string, operations: readonly string[]): Preset {
  return { id, name: id, note: 'made by a test', operations };
}

/** Starts doxy on the private dockerd with `rules` as its pattern file; `--debug` so a test can read what the agent sent. */
export function startDoxyWithRules(
  daemon: string,
  rules: readonly Rule[],
  args: readonly string[] = [],
): Promise<DoxyProcess> {
  return startDoxyWithPatterns(daemon, formatPatternFile(rules), ['--debug', ...args]);
}

export function startDoxyWithPreset(daemon: string, p: Preset): Promise<DoxyProcess> {
  return startDoxyWithRules(daemon, presetRules(p));
}

/** The requests doxy's `--debug` lines show as denied (`403 ... deny`), as `METHOD /path`. */
export function deniedRequests(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    const m = /^\S+ 403 \S+ (\S+) (\S+) deny\b/.exec(line);
    return m ? [`${m[1]} ${m[2]}`] : [];
  });
}

/** The requests doxy's `--debug` lines show as allowed, as `METHOD /path`. */
export function allowedRequests(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    const m = /^\S+ \d+ \S+ (\S+) (\S+) allow\b/.exec(line);
    return m ? [`${m[1]} ${m[2]}`] : [];
  });
}

/** The preset `id` without one of its operations: what the agent does without it shows why the preset grants it. */
export function presetWithout(id: string, operation: string): Preset {
  const p = preset(id);
  if (!p.operations.includes(operation)) throw new Error(`preset "${id}" does not grant ${operation}`);
  return profileOf(
    `${id}-without`,
    p.operations.filter((op) => op !== operation),
  );
}

/** The distinct requests `--debug` shows as allowed, sorted, with `/vX/` for the API version and `{id}` for container ids. */
export function sentRequests(output: string): string[] {
  const generic = allowedRequests(output).map((r) =>
    r.replace(/\/v\d+\.\d+\//, '/vX/').replace(/\/containers\/[0-9a-f]{64}\//, '/containers/{id}/'),
  );
  return [...new Set(generic)].sort();
}

/** Skip reason for a suite whose agent is not installed (test/run.ts lists it, and fails on it under CI=true). */
export function agentSkip(command: string, aptPackage: string): false | string {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return false;
  } catch {
    return `"${command}" is not installed (apt-get install ${aptPackage})`;
  }
}
