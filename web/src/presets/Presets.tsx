// The presets screen: ready rule sets for common agents; one becomes a new profile, or replaces the chosen profile's draft.
import { useState } from 'react';
import { presetInfo } from '../../../shared/presets/preset-info.ts';
import { PRESETS } from '../../../shared/presets/presets.ts';
import type { PresetInfo } from '../../../shared/protocol/presets.ts';
import '../coverage/coverage.css';
import type { ProfilesModel } from '../profiles/use-profiles.ts';
import type { RulesModel } from '../rules/use-rules.ts';
import { ConfirmPreset } from './ConfirmPreset.tsx';
import { PresetCard } from './PresetCard.tsx';

const INFOS: readonly PresetInfo[] = PRESETS.map(presetInfo);
/** A preset's body policy is not a rule: the draft cannot carry it (a profile created from the preset gets it). */
const WITH_POLICY =
  ' This preset comes with a body policy, which the draft does not carry: give the profile one under Rules, Body policy.';

interface Props {
  readonly model: RulesModel;
  readonly profiles: ProfilesModel;
  readonly revision: number;
  choose(profile: string): void;
}

export function Presets({ model, profiles, revision, choose }: Props) {
  const [chosen, setChosen] = useState<PresetInfo | null>(null);
  const [done, setDone] = useState<{ text: string; profile?: string } | null>(null);
  const use = (p: PresetInfo): void => {
    model.setDraft(p.rules);
    setChosen(null);
    setDone({
      text: `The draft of profile ${model.profile} now holds ${p.name} (${p.rules.length} rules). Review it under Rules or Coverage, then Save: the proxy does not use it until then.${
        PRESETS.some((preset) => preset.id === p.id && preset.policy) ? WITH_POLICY : ''
      }`,
    });
  };
  const created = (p: PresetInfo, name: string): void => {
    setChosen(null);
    setDone({ text: `Created profile ${name} from ${p.name}. No socket uses it yet.`, profile: name });
    void profiles.refresh();
  };
  return (
    <section aria-label="Presets">
      <h2>Presets</h2>
      <p className="hint">
        Rule sets for agents people put behind a Docker socket proxy, each with the Engine API operations it calls.
        Every preset also allows <code>GET</code>/<code>HEAD /_ping</code> and <code>GET /version</code>, versioned and
        not.
      </p>
      {done && (
        <p className="bar ok" role="status">
          <span>{done.text}</span>
          {done.profile !== undefined && (
            <>
              <a href={`#/coverage?profile=${encodeURIComponent(done.profile)}`}>See its coverage</a>
              <button
                type="button"
                className="small"
                onClick={() => done.profile !== undefined && choose(done.profile)}
              >
                Edit it here
              </button>
              <a href={`#/sockets?bind=${encodeURIComponent(done.profile)}`}>Bind a socket to it</a>
            </>
          )}
        </p>
      )}
      {chosen && (
        <ConfirmPreset
          preset={chosen}
          profile={model.profile}
          draft={model.draft}
          revision={revision}
          onConfirm={() => use(chosen)}
          onCreated={(name) => created(chosen, name)}
          onCancel={() => setChosen(null)}
        />
      )}
      <div className="preset-grid">
        {INFOS.map((p) => (
          <PresetCard
            key={p.id}
            preset={p}
            onUse={() => {
              setDone(null);
              setChosen(p);
              window.scrollTo({ top: 0 });
            }}
          />
        ))}
      </div>
    </section>
  );
}
