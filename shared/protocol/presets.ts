// GET /api/presets: the built-in presets as the presets screen shows them.
import type { Operation } from '../catalog/engine-api.ts';
import type { Rule } from '../rules/types.ts';

/** GET /api/presets: each preset with its operations and the rules "use this preset" puts in the draft. */
export interface PresetInfo {
  readonly id: string;
  readonly name: string;
  readonly note: string;
  readonly fullControl: boolean;
  /** A profile made from it redacts the secrets in answers (every preset but those whose agent needs them). */
  readonly redact: boolean;
  /** A profile made from it is scoped to the objects made through it (the ci-runner preset). */
  readonly scoped: boolean;
  readonly operations: readonly Operation[];
  readonly rules: readonly Rule[];
}

export interface PresetsResponse {
  readonly presets: readonly PresetInfo[];
}
