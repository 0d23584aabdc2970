// Reads an imported file: a doxy-config (every profile and socket) or doxy-ruleset JSON when it starts with "{",
// else a doxy pattern file.
import { isConfigFile, parseConfigFile } from '../../shared/profiles/config-file.ts';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import type { Configuration } from '../../shared/profiles/configuration.ts';
import { parseProfileFile } from '../../shared/profiles/profile-file.ts';
import type { ImportFormat } from '../../shared/protocol/transfer.ts';
import { parsePatternFile } from '../../shared/rules/pattern-file.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { AdminError, invalid } from './api-error.ts';

export type ImportedFile =
  | {
      readonly format: ImportFormat;
      readonly rules: readonly Rule[];
      /** A doxy-ruleset file's body policy: set (or null: removed); absent, the profile keeps its own. */
      readonly policy?: BodyPolicy | null;
      /** A doxy-ruleset file's redaction; absent, the profile keeps its own. */
      readonly redact?: boolean;
      /** A doxy-ruleset file's scoping; absent, the profile keeps its own. */
      readonly scoped?: boolean;
    }
  | { readonly format: 'doxy-config'; readonly config: Configuration };

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Parses the file or throws a 400 whose `where` is a JSON pointer (JSON files) or `name:line` (pattern file). */
export function readImport(text: string, name: string): ImportedFile {
  if (text.trim() === '') throw new AdminError(400, 'INVALID_FILE', `${name} is empty`, '/');
  if (text.trimStart().startsWith('{')) {
    if (isConfigFile(json(text))) {
      const config = parseConfigFile(text);
      if (!config.ok) throw invalid('INVALID_FILE', config.problems);
      return { format: 'doxy-config', config: config.value };
    }
    const parsed = parseProfileFile(text);
    if (!parsed.ok) throw invalid('INVALID_FILE', parsed.problems);
    return { format: 'doxy-ruleset', ...parsed.value };
  }
  const parsed = parsePatternFile(text, name);
  if (!parsed.ok) throw invalid('INVALID_FILE', parsed.problems);
  return { format: 'doxy-pattern', rules: parsed.value };
}
