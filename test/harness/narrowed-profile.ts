// A whole configuration that takes most of one profile away: profile agent, made a copy of default's built-in rules,
// narrowed to one read without the ping, while default keeps them. Its import and its restore must be confirmed.
import assert from 'node:assert/strict';
import { formatConfigFile } from '../../shared/profiles/config-file.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { AdminDoxy } from './admin.ts';

export const NARROWED_AGENT = formatConfigFile({
  profiles: [
    { name: 'default', rules: BUILTIN_RULES },
    {
      name: 'agent',
      rules: [
        {
          id: 'info',
          action: 'allow',
          methods: ['GET'],
          pattern: '^/(v\\d+\\.\\d+/)?info$',
          comment: '',
          enabled: true,
        },
      ],
    },
  ],
  sockets: [],
});

export async function revision(a: AdminDoxy): Promise<number> {
  return ((await a.call('/api/rules')).body as RulesResponse).revision;
}

/** Adds profile agent as a copy of default; answers the revision that holds it with every rule. */
export async function addAgentProfile(a: AdminDoxy): Promise<number> {
  const r = await a.call('/api/profiles', {
    method: 'POST',
    body: { basedOn: await revision(a), name: 'agent', from: { profile: 'default' } },
  });
  assert.equal(r.status, 201, r.text);
  return revision(a);
}

/** The ids of profile agent's saved rules. */
export async function agentRules(a: AdminDoxy): Promise<string[]> {
  return ((await a.call('/api/rules?profile=agent')).body as RulesResponse).rules.map((r) => r.id);
}
