// Loads --pattern-file at start; a bad line stops the start with the file, the line and what is wrong.
import { readFileSync } from 'node:fs';
import { parsePatternFile } from '../shared/rules/pattern-file.ts';
import type { Rule } from '../shared/rules/types.ts';
import { BootError, EXIT } from './boot-errors.ts';

export function loadPatternFile(file: string): readonly Rule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BootError(EXIT.patternFile, `pattern file ${file}: ${(error as Error).message}`);
  }
  const parsed = parsePatternFile(text, file);
  if (!parsed.ok)
    throw new BootError(EXIT.patternFile, parsed.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
  return parsed.value;
}
