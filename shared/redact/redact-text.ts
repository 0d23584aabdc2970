// Redacts the secrets in one daemon answer (see redacted-operations.ts) by splicing its text: each environment value
// and each config's data is replaced, and every other byte stays the daemon's own (numbers past 2^53, key order and
// Go's escaping included). An answer whose shape is not the one expected is refused, never relayed as it came.
import { JsonCursor, ShapeError } from './json-scan.ts';
import type { RedactedOperation } from './redacted-operations.ts';

/** What an environment value (and any other redacted text) reads as: `SECRET=<redacted by doxy>`. */
export const REDACTED = '<redacted by doxy>';
/** A config's `Spec.Data` is base64 (Go's []byte): the marker, encoded, keeps it valid for every client. */
export const REDACTED_DATA = btoa(REDACTED);

/** How a value found at a path is redacted: a list of `NAME=value`, or a whole string (text, or base64 data). */
type Kind = 'env' | 'text' | 'data';
/** A path from the answer's root (or from each item of a list); `*` steps into every item of an array. */
interface Target {
  readonly path: readonly string[];
  readonly kind: Kind;
}

const CONTAINER: readonly Target[] = [{ path: ['Config', 'Env'], kind: 'env' }];
const LIBPOD_CONTAINER: readonly Target[] = [
  ...CONTAINER,
  // The command line Podman's client made it with (`podman run -e SECRET=hunter2 ...`): each `NAME=value` argument
  // keeps its name, as in Env.
  { path: ['Config', 'CreateCommand'], kind: 'env' },
];
const SERVICE: readonly Target[] = [
  { path: ['Spec', 'TaskTemplate', 'ContainerSpec', 'Env'], kind: 'env' },
  // After an update the service also answers the spec it had before, with that spec's environment.
  { path: ['PreviousSpec', 'TaskTemplate', 'ContainerSpec', 'Env'], kind: 'env' },
];
const TASK: readonly Target[] = [{ path: ['Spec', 'ContainerSpec', 'Env'], kind: 'env' }];
const CONFIG: readonly Target[] = [{ path: ['Spec', 'Data'], kind: 'data' }];
const PLUGIN: readonly Target[] = [
  // The values set with `docker plugin set` (credentials of volume and log drivers), and the declared defaults.
  { path: ['Settings', 'Env'], kind: 'env' },
  { path: ['Config', 'Env', '*', 'Value'], kind: 'text' },
];

const TARGETS: Record<RedactedOperation, { readonly list: boolean; readonly targets: readonly Target[] }> = {
  'container-inspect': { list: false, targets: CONTAINER },
  'libpod-container-inspect': { list: false, targets: LIBPOD_CONTAINER },
  'service-list': { list: true, targets: SERVICE },
  'service-inspect': { list: false, targets: SERVICE },
  'task-list': { list: true, targets: TASK },
  'task-inspect': { list: false, targets: TASK },
  'config-list': { list: true, targets: CONFIG },
  'config-inspect': { list: false, targets: CONFIG },
  'plugin-list': { list: true, targets: PLUGIN },
  'plugin-inspect': { list: false, targets: PLUGIN },
};

export type Redaction =
  | { readonly ok: true; readonly text: string; readonly redacted: number }
  | { readonly ok: false; readonly message: string };

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** `NAME=value` keeps `NAME=`; an entry without `=` is a name only and stays as it is. */
function redactEntry(entry: string): string {
  const eq = entry.indexOf('=');
  return eq === -1 ? entry : `${entry.slice(0, eq + 1)}${REDACTED}`;
}

/** Redacts the value at the cursor and moves past it. */
function redactValue(c: JsonCursor, kind: Kind, where: string, edits: Edit[]): void {
  if (c.isNull()) {
    c.skipValue();
    return;
  }
  if (kind === 'env') {
    c.eachItem(where, (i) => {
      if (!c.isString()) throw new ShapeError(`${where}/${i} is not a string`);
      const start = c.i;
      const entry = c.readString();
      edits.push({ start, end: c.i, text: JSON.stringify(redactEntry(entry)) });
    });
    return;
  }
  if (!c.isString()) throw new ShapeError(`${where} is not a string`);
  const start = c.skipString();
  edits.push({ start, end: c.i, text: JSON.stringify(kind === 'data' ? REDACTED_DATA : REDACTED) });
}

/**
 * Walks `path` from the value at the cursor, and moves past that value. Go's decoder matches keys case-insensitively
 * and a client may read any of duplicate keys, so every member whose key folds to the step is followed. A step through
 * null or a missing member ends the walk (nothing there to hide); a step through any other non-object is a shape this
 * code does not know.
 */
function visit(c: JsonCursor, path: readonly string[], kind: Kind, where: string, edits: Edit[]): void {
  const [step, ...rest] = path;
  if (step === undefined) {
    redactValue(c, kind, where, edits);
    return;
  }
  if (c.isNull()) {
    c.skipValue();
    return;
  }
  if (step === '*') {
    c.eachItem(where, (i) => visit(c, rest, kind, `${where}/${i}`, edits));
    return;
  }
  const key = step.toLowerCase();
  c.eachMember(where, (k) => {
    if (k.toLowerCase() === key) visit(c, rest, kind, `${where}/${k}`, edits);
    else c.skipValue();
  });
}

function splice(text: string, edits: Edit[]): string {
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Runs every target over the object at the cursor, from the same start, and moves past it. */
function visitItem(c: JsonCursor, targets: readonly Target[], where: string, edits: Edit[]): void {
  const start = c.i;
  let end = start;
  for (const t of targets) {
    c.i = start;
    if (c.peek() !== 0x7b) throw new ShapeError(`${where || 'the answer'} is not an object`);
    visit(c, t.path, t.kind, where, edits);
    end = c.i;
  }
  c.i = end;
}

/** The daemon's JSON answer to `operation` with its secrets redacted, or why it cannot be (then nothing is sent). */
export function redactAnswer(operation: RedactedOperation, text: string): Redaction {
  const { list, targets } = TARGETS[operation];
  const edits: Edit[] = [];
  try {
    // The native parser checks the syntax (RFC 8259, as Go's): the cursor then only has to find its way.
    JSON.parse(text);
    const c = new JsonCursor(text);
    if (list) c.eachItem('', (i) => visitItem(c, targets, `/${i}`, edits));
    else visitItem(c, targets, '', edits);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, text: edits.length === 0 ? text : splice(text, edits), redacted: edits.length };
}
