// A preset as GET /api/presets and the presets screen show it (the screen builds it itself, offline).
import { OPERATIONS } from '../catalog/engine-api.ts';
import type { PresetInfo } from '../protocol/presets.ts';
import { presetRules, type Preset } from './presets.ts';

/** A preset as the API and the presets screen show it: its operations resolved in the catalog, and its rules. */
export function presetInfo(preset: Preset): PresetInfo {
  const operations = OPERATIONS.filter((o) => preset.operations.includes(`${o.method} ${o.template}`));
  return {
    id: preset.id,
    name: preset.name,
    note: preset.note,
    fullControl: preset.fullControl === true,
    redact: preset.redact !== false,
    scoped: preset.scoped === true,
    operations,
    rules: presetRules(preset),
  };
}
