// The body policy a preset pairs with, for the profile made from it (--socket PATH=PRESET, the New profile screen).
// Only ci-runner has one: the other presets grant no body the policy reads, or (Portainer, compose, Watchtower) are
// meant to have full control of what they create.
import type { BodyPolicy } from '../policy/body-policy.ts';
import { CI_RUNNER_PRESET, CI_RUNNER_PRESET_POLICY } from './ci-runner.ts';
import type { Preset } from './presets.ts';

const POLICIES: ReadonlyMap<string, BodyPolicy> = new Map([[CI_RUNNER_PRESET.id, CI_RUNNER_PRESET_POLICY]]);

/** A copy of the preset's body policy, or null when it has none. */
export function presetPolicy(preset: Pick<Preset, 'id'>): BodyPolicy | null {
  const policy = POLICIES.get(preset.id);
  return policy === undefined ? null : structuredClone(policy);
}
