// Ready rule sets for the agents people put behind a socket proxy: the Engine API operations each one calls.
// Every preset also grants `GET`/`HEAD /_ping` and `GET /version` (Go clients ping, then negotiate the version),
// versioned and unversioned alike.
import { OPERATIONS, operationPattern } from '../catalog/engine-api.ts';
import type { BodyPolicy } from '../policy/body-policy.ts';
import type { Profile } from '../profiles/types.ts';
import type { Method, Rule } from '../rules/types.ts';
import { CI_RUNNER_PRESET } from './ci-runner.ts';

export interface Preset {
  readonly id: string;
  readonly name: string;
  /** Where the list comes from, and what the agent does with it. */
  readonly note: string;
  /** The agent needs (and gets) full control of the daemon: root on the host. */
  readonly fullControl?: true;
  /** Operations as `METHOD /template`, templates from the catalog. */
  readonly operations: readonly string[];
  /** The body policy a profile made from the preset gets (policed operations only pass what it allows). */
  readonly policy?: BodyPolicy;
  /**
   * false: a profile made from the preset relays answers with their secrets (see shared/redact). Only for agents that
   * need them: one that recreates containers from what it inspected would recreate them with redacted values.
   */
  readonly redact?: false;
  /** A profile made from the preset is scoped to the objects made through it (see shared/scope). */
  readonly scoped?: true;
}

const READ_CONTAINERS = ['GET /containers/json', 'GET /containers/{id}/json'];
const SWARM_READ = ['GET /services', 'GET /tasks', 'GET /nodes', 'GET /networks'];

export const PRESETS: readonly Preset[] = [
  {
    id: 'traefik',
    name: 'Traefik (docker provider)',
    note: 'Traefik docker provider: lists and inspects containers, watches events for changes.',
    operations: [...READ_CONTAINERS, 'GET /events', 'GET /networks/{id}'],
  },
  {
    id: 'traefik-swarm',
    name: 'Traefik (swarm provider)',
    note: 'Traefik swarm provider: services, tasks and networks, engine info for the node role.',
    operations: [...SWARM_READ, 'GET /services/{id}', 'GET /networks/{id}', 'GET /info', 'GET /events'],
  },
  {
    id: 'portainer',
    name: 'Portainer (full control)',
    note: 'Portainer manages everything: containers, exec consoles, images, volumes, stacks. Granting it is granting root.',
    fullControl: true,
    operations: OPERATIONS.map((o) => `${o.method} ${o.template}`),
    // It may exec into any container anyway, and its "duplicate/edit" recreates a container from its inspect.
    redact: false,
  },
  {
    id: 'watchtower',
    name: 'Watchtower',
    note: 'Watchtower: pulls newer images, then stops, removes and recreates containers from them. It recreates each container from its inspect, environment included, so its profile does not redact answers.',
    redact: false,
    operations: [
      ...READ_CONTAINERS,
      'GET /images/{name}/json',
      'POST /images/create',
      'POST /containers/create',
      'POST /containers/{id}/start',
      'POST /containers/{id}/stop',
      'POST /containers/{id}/kill',
      'POST /containers/{id}/rename',
      'DELETE /containers/{id}',
      'DELETE /images/{name}',
      'POST /networks/{id}/connect',
      'GET /info',
    ],
  },
  {
    id: 'compose',
    name: 'docker-compose (up, ps, logs, down)',
    note: "docker-compose 1.29 (docker-py), as seen through doxy: up (detached or attached), ps, logs, stop, start, restart, kill, rm, run, pull and down, with the project's networks and volumes. No exec, build or push. Creating containers is root-equivalent.",
    operations: [
      ...READ_CONTAINERS,
      'GET /containers/{id}/logs',
      'GET /events',
      'GET /info',
      'GET /images/{name}/json',
      'POST /images/create',
      'POST /containers/create',
      'POST /containers/{id}/start',
      'POST /containers/{id}/stop',
      'POST /containers/{id}/restart',
      'POST /containers/{id}/kill',
      'POST /containers/{id}/attach',
      'POST /containers/{id}/wait',
      'DELETE /containers/{id}',
      'GET /networks/{id}',
      'POST /networks/create',
      'POST /networks/{id}/connect',
      'POST /networks/{id}/disconnect',
      'DELETE /networks/{id}',
      'GET /volumes/{name}',
      'POST /volumes/create',
      'DELETE /volumes/{name}',
    ],
  },
  {
    id: 'homepage',
    name: 'Homepage',
    note: 'Homepage docker widgets and auto-discovery: container list, status and stats; swarm services.',
    operations: [...READ_CONTAINERS, 'GET /containers/{id}/stats', 'GET /services', 'GET /tasks'],
  },
  {
    id: 'dozzle',
    name: 'Dozzle (read)',
    note: 'Dozzle: lists containers, streams their logs and stats, follows events.',
    operations: [
      ...READ_CONTAINERS,
      'GET /containers/{id}/logs',
      'GET /containers/{id}/stats',
      'GET /events',
      'GET /info',
    ],
  },
  {
    id: 'dozzle-actions',
    name: 'Dozzle (actions and shell)',
    note: 'Dozzle with actions (start, stop, restart) and the shell (exec, attach): root-equivalent.',
    operations: [
      ...READ_CONTAINERS,
      'GET /containers/{id}/logs',
      'GET /containers/{id}/stats',
      'GET /events',
      'GET /info',
      'POST /containers/{id}/start',
      'POST /containers/{id}/stop',
      'POST /containers/{id}/restart',
      'POST /containers/{id}/exec',
      'POST /exec/{id}/start',
      'POST /exec/{id}/resize',
      'POST /containers/{id}/attach',
    ],
  },
  {
    id: 'prometheus-docker',
    name: 'Prometheus docker_sd',
    note: 'Prometheus docker_sd_configs: container list (with networks) for targets, network list for network labels.',
    operations: ['GET /containers/json', 'GET /networks'],
  },
  {
    id: 'prometheus-swarm',
    name: 'Prometheus dockerswarm_sd',
    note: 'Prometheus dockerswarm_sd_configs: services, tasks, nodes and networks.',
    operations: [...SWARM_READ],
  },
  {
    id: 'cadvisor',
    name: 'cAdvisor',
    note: 'cAdvisor docker factory: engine info and version, container inspect for names and labels, image list.',
    operations: [...READ_CONTAINERS, 'GET /info', 'GET /images/json'],
  },
  {
    id: 'netdata',
    name: 'Netdata',
    note: "Netdata: container naming (cgroup-name.sh: container inspect, by the docker CLI or the API) and its docker collector. Netdata 1.37's python.d dockerd module, seen through doxy, only lists containers; engine info and the image list are for the go.d docker collector that replaced it (running, paused and stopped counts from info, image counts and sizes).",
    operations: [...READ_CONTAINERS, 'GET /images/json', 'GET /info'],
  },
  {
    id: 'diun',
    name: 'Diun',
    note: 'Diun docker and swarm providers: running containers and their images, swarm services.',
    operations: [...READ_CONTAINERS, 'GET /images/json', 'GET /images/{name}/json', 'GET /services', 'GET /info'],
  },
  {
    id: 'glances',
    name: 'Glances',
    note: "Glances docker plugin (docker-py): engine version, container list, inspect and stats, and an image inspect for each container's image name (without it Glances 3.3 stops with a 403 error).",
    operations: [...READ_CONTAINERS, 'GET /containers/{id}/stats', 'GET /images/{name}/json'],
  },
  {
    id: 'autoheal',
    name: 'Autoheal',
    note: 'Autoheal: lists unhealthy containers and restarts them.',
    operations: ['GET /containers/json', 'POST /containers/{id}/restart'],
  },
  {
    id: 'crowdsec',
    name: 'CrowdSec',
    note: 'CrowdSec docker acquisition, as seen through doxy (1.4.6): engine info when its data source is configured (without it CrowdSec stops at start), then container list, inspect (for the TTY flag) and followed logs. Events for 1.6.9 and later, which follow container starts and stops instead of polling the list. Not granted: swarm services and their logs (1.7, only with service_* settings).',
    operations: [...READ_CONTAINERS, 'GET /containers/{id}/logs', 'GET /info', 'GET /events'],
  },
  {
    id: 'uptime-kuma',
    name: 'Uptime Kuma',
    note: "Uptime Kuma docker container monitor, as seen through doxy (2.0.0-dev.0): a container inspect by name at each check, and the container list for the docker host dialog's Test. Never engine info, which the first version of this preset granted.",
    operations: READ_CONTAINERS,
  },
  CI_RUNNER_PRESET,
];

const BASE = ['GET /_ping', 'HEAD /_ping', 'GET /version'];

/** The preset's rules, ready to copy into a profile: one allow rule per operation, in catalog order. */
export function presetRules(preset: Preset): Rule[] {
  if (preset.fullControl)
    return [
      {
        id: `${preset.id}-all`,
        action: 'allow',
        methods: '*',
        pattern: '.*',
        comment: `${preset.name}: ${preset.note}`,
        enabled: true,
      },
    ];
  const wanted = new Set([...BASE, ...preset.operations]);
  return OPERATIONS.filter((o) => wanted.has(`${o.method} ${o.template}`)).map((o, i) => ({
    id: `${preset.id}-${i + 1}`,
    action: 'allow',
    methods: [o.method as Method],
    pattern: operationPattern(o),
    comment: `${o.summary} (${o.risk})`,
    enabled: true,
  }));
}

/** A new profile made from the preset: its rules, its body policy when it has one, its redaction and scoping. */
export function presetProfile(preset: Preset, name: string): Profile {
  const rules = presetRules(preset);
  return {
    name,
    rules,
    // A copy: editing one profile's policy must never change the preset's or another profile's.
    ...(preset.policy ? { policy: structuredClone(preset.policy) } : {}),
    ...(preset.redact === false ? { redact: false } : {}),
    ...(preset.scoped ? { scoped: true } : {}),
  };
}
