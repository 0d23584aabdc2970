// Whether a pattern can match any request path at all. Every canonical path starts with "/", so a pattern whose every
// match starts with another character (a line of prose, `{ oops`) can never allow or deny anything: in a pattern file
// that is a mistake (the wrong file, a broken line), not a rule. Decided on the compiled RE2 program, exactly.
import { RE2JS } from 're2js';

// re2js's instruction opcodes and empty-width conditions (its Inst and Utils classes, which it does not export).
const OP = { ALT: 1, ALT_MATCH: 2, CAPTURE: 3, EMPTY_WIDTH: 4, NOP: 7, RUNE: 8, RUNE_ANY_NOT_NL: 11, LB_CHECK: 13 };
const LB_WRITE = 12;
/** Empty-width assertions that hold at the very start of a path, before its "/": ^, \A, \B (not \b, $, \z). */
const HOLDS_AT_START = 1 | 4 | 32;

interface Inst {
  readonly op: number;
  readonly out: number;
  readonly arg: number;
  matchRune(rune: number): boolean;
}
interface Prog {
  readonly start: number;
  readonly inst: readonly Inst[];
}

function programOf(source: string): Prog | null {
  const re2: unknown = (RE2JS.compile(source) as unknown as { re2Input?: { prog?: unknown } }).re2Input?.prog;
  const prog = re2 as Partial<Prog> | undefined;
  return prog && typeof prog.start === 'number' && Array.isArray(prog.inst) ? (prog as Prog) : null;
}

/**
 * True when the pattern (which compiles) can match some path that starts with "/": the program, run from its start
 * through every empty step, reaches an instruction that consumes a "/". True as well when the program cannot be read
 * (a newer re2js): the check then lets the pattern be rather than reject a good one.
 */
export function canMatchPath(source: string): boolean {
  let prog: Prog | null;
  try {
    prog = programOf(source);
  } catch {
    return true; // not compilable: compilePattern reports it
  }
  if (prog === null) return true;
  const seen = new Set<number>();
  const stack = [prog.start];
  for (let pc = stack.pop(); pc !== undefined; pc = stack.pop()) {
    if (seen.has(pc)) continue;
    seen.add(pc);
    const inst = prog.inst[pc];
    if (!inst) return true;
    if (inst.op >= OP.RUNE && inst.op <= OP.RUNE_ANY_NOT_NL) {
      if (inst.matchRune(0x2f)) return true;
      continue;
    }
    switch (inst.op) {
      case OP.ALT:
      case OP.ALT_MATCH:
        stack.push(inst.out, inst.arg);
        break;
      case OP.EMPTY_WIDTH:
        if ((inst.arg & ~HOLDS_AT_START) === 0) stack.push(inst.out);
        break;
      case OP.CAPTURE:
      case OP.NOP:
      case LB_WRITE:
      case OP.LB_CHECK:
        stack.push(inst.out);
        break;
      default:
        break; // MATCH (an empty path is never asked for), FAIL
    }
  }
  return false;
}
