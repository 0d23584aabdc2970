// Reads an imported file: doxy-ruleset JSON when it starts with "{", else a doxy pattern file.
import type { ImportFormat } from '../../shared/protocol.ts';
import { parsePatternFile } from '../../shared/rules/pattern-file.ts';
import { parseRuleSetFile } from '../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { AdminError, invalid } from './api-error.ts';

export interface ImportedFile {
  readonly format: ImportFormat;
  readonly rules: readonly Rule[];
}

/** Parses the file or throws a 400 whose `where` is a JSON pointer (ruleset) or `name:line` (pattern file). */
export function readImport(text: string, name: string): ImportedFile {
  if (text.trim() === '') throw new AdminError(400, 'INVALID_FILE', `${name} is empty`, '/');
  if (text.trimStart().startsWith('{')) {
    const parsed = parseRuleSetFile(text);
    if (!parsed.ok) throw invalid('INVALID_FILE', parsed.problems);
    return { format: 'doxy-ruleset', rules: parsed.value };
  }
  const parsed = parsePatternFile(text, name);
  if (!parsed.ok) throw invalid('INVALID_FILE', parsed.problems);
  return { format: 'doxy-pattern', rules: parsed.value };
}
