// Reads and writes doxy pattern files: one pattern a line, `#` comments, optionally `[allow|deny] METHODS PATTERN`.
import { checkRule } from './compile.ts';
import { canMatchPath } from './path-reach.ts';
import { METHODS, type Method, type Problem, type Result, type Rule } from './types.ts';

const METHOD_LIST = /^(\*|[A-Z]+(,[A-Z]+)*)$/;

/** Parses a pattern file; problems name the file and the 1-based line. Blank lines are ignored (in doxy they allowed everything). */
export function parsePatternFile(text: string, fileName: string): Result<Rule[]> {
  const rules: Rule[] = [];
  const problems: Problem[] = [];
  let comment: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    const where = `${fileName}:${lineNo}`;
    const line = raw.trim();
    if (line === '') {
      comment = [];
      return;
    }
    if (line.startsWith('#')) {
      comment.push(line.replace(/^#+\s?/, ''));
      return;
    }

    const words = line.split(/\s+/);
    let action: Rule['action'] = 'allow';
    let methods: Rule['methods'] = ['GET'];
    let pattern = line;
    let explicit = false;
    if (words[0] === 'allow' || words[0] === 'deny') {
      action = words[0];
      explicit = true;
      if (words.length < 3) {
        problems.push({
          where,
          message: `"${words[0]}" needs METHODS and PATTERN (e.g. "${words[0]} GET,HEAD ^/_ping$")`,
        });
        return;
      }
      words.shift();
    }
    if (words.length >= 2 && METHOD_LIST.test(words[0] ?? '')) {
      const list = words.shift() ?? '';
      methods = list === '*' ? '*' : (list.split(',') as Method[]);
      pattern = line.slice(line.indexOf(list) + list.length).trim();
    } else if (explicit) {
      problems.push({
        where,
        message: `"${words[0] ?? ''}" is not a method list ("*" or e.g. "GET,HEAD"; one of ${METHODS.join(', ')})`,
      });
      return;
    }
    const rule: Rule = { id: `line-${lineNo}`, action, methods, pattern, comment: comment.join(' '), enabled: true };
    const invalid = checkRule(rule, where);
    for (const p of invalid) problems.push({ where, message: p.message });
    // Any text file would otherwise import, one "rule" a line: a line no path can match is an error, not a rule.
    if (invalid.length === 0 && !canMatchPath(pattern))
      problems.push({
        where,
        message: `"${pattern.slice(0, 60)}" can never match a request path (every path starts with "/"): a pattern looks like ^/containers/json$ — is this a doxy pattern file?`,
      });
    rules.push(rule);
    comment = [];
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: rules };
}

/** Writes rules in the pattern-file format; disabled rules are written commented out, then a blank line ends their comment. */
export function formatPatternFile(rules: readonly Rule[]): string {
  return rules
    .map((r) => {
      const methods = r.methods === '*' ? '*' : r.methods.join(',');
      const line = `${r.action} ${methods} ${r.pattern}`;
      // Each line of a comment gets its own "#": a line break in a comment must never start a rule.
      const comment =
        r.comment === ''
          ? ''
          : r.comment
              .split(/\r\n|\r|\n/)
              .map((c) => `# ${c}\n`)
              .join('');
      return r.enabled ? `${comment}${line}\n` : `${comment}# disabled: ${line}\n\n`;
    })
    .join('');
}
