// Redacts the secrets in one daemon answer (see redacted-operations.ts) by splicing its text: each environment value
// and each config's data is replaced, and every other byte stays the daemon's own (numbers past 2^53, key order and
// Go's escaping included). An answer whose shape is not the one expected is refused, never relayed as it came.
import { readJson, type JsonNode } from '../policy/json-text.ts';
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

class ShapeError extends Error {}

/** `NAME=value` keeps `NAME=`; an entry without `=` is a name only and stays as it is. */
function redactEntry(entry: string): string {
  const eq = entry.indexOf('=');
  return eq === -1 ? entry : `${entry.slice(0, eq + 1)}${REDACTED}`;
}

function redactValue(node: JsonNode, kind: Kind, where: string, edits: Edit[]): void {
  if (node.kind === 'null') return;
  if (kind === 'env') {
    if (node.kind !== 'array') throw new ShapeError(`${where} is not a list`);
    node.items.forEach((item, i) => {
      if (item.kind !== 'string') throw new ShapeError(`${where}/${i} is not a string`);
      edits.push({ start: item.start, end: item.end, text: JSON.stringify(redactEntry(item.value)) });
    });
    return;
  }
  if (node.kind !== 'string') throw new ShapeError(`${where} is not a string`);
  edits.push({ start: node.start, end: node.end, text: JSON.stringify(kind === 'data' ? REDACTED_DATA : REDACTED) });
}

/**
 * Walks `path` from `node`. Go's decoder matches keys case-insensitively and a client may read any of duplicate
 * keys, so every member whose key folds to the step is followed. A step through null or a missing member ends the
 * walk (nothing there to hide); a step through any other non-object is a shape this code does not know.
 */
function visit(node: JsonNode, path: readonly string[], kind: Kind, where: string, edits: Edit[]): void {
  const [step, ...rest] = path;
  if (step === undefined) {
    redactValue(node, kind, where, edits);
    return;
  }
  if (node.kind === 'null') return;
  if (step === '*') {
    if (node.kind !== 'array') throw new ShapeError(`${where} is not a list`);
    node.items.forEach((item, i) => visit(item, rest, kind, `${where}/${i}`, edits));
    return;
  }
  if (node.kind !== 'object') throw new ShapeError(`${where} is not an object`);
  const key = step.toLowerCase();
  for (const m of node.members) if (m.key.toLowerCase() === key) visit(m.value, rest, kind, `${where}/${m.key}`, edits);
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

/** The daemon's JSON answer to `operation` with its secrets redacted, or why it cannot be (then nothing is sent). */
export function redactAnswer(operation: RedactedOperation, text: string): Redaction {
  const { list, targets } = TARGETS[operation];
  const edits: Edit[] = [];
  try {
    const root = readJson(text);
    const items = list ? (root.kind === 'array' ? root.items : null) : [root];
    if (items === null) throw new ShapeError('the answer is not a list');
    items.forEach((item, i) => {
      const where = list ? `/${i}` : '';
      if (item.kind !== 'object') throw new ShapeError(`${where || 'the answer'} is not an object`);
      for (const t of targets) visit(item, t.path, t.kind, where, edits);
    });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, text: edits.length === 0 ? text : splice(text, edits), redacted: edits.length };
}
