// The rules doxy runs with when neither a pattern file nor a saved rule set exists: doxy's read-only set, made right.
import type { Rule } from './types.ts';

const V = '(v\\d+\\.\\d+/)?';
/** Podman's libpod API, with the version its own clients send (`v4.3.1`) or none. */
const LIBPOD = '(v\\d+\\.\\d+(\\.\\d+)?/)?libpod/';
/** A container, network, volume, node, service or task id or name. */
const NAME = '[\\w.-]+';
/** An image reference: `name`, `repo/name:tag`, `name@sha256:...`. */
const IMAGE = '[\\w.:@-]+(/[\\w.:@-]+)*';

function read(id: string, pattern: string, comment: string): Rule {
  return { id, action: 'allow', methods: ['GET'], pattern, comment, enabled: true };
}

export const BUILTIN_RULES: readonly Rule[] = [
  {
    id: 'ping',
    action: 'allow',
    methods: ['GET', 'HEAD'],
    pattern: `^/${V}_ping$`,
    comment: 'Healthcheck (Go clients ping with HEAD first)',
    enabled: true,
  },
  read(
    'containers',
    `^/${V}containers(/${NAME})?/(json|stats|top)$`,
    'List, inspect, metrics and processes of containers',
  ),
  read('services', `^/${V}services(/${NAME})?$`, 'List and inspect services'),
  read('tasks', `^/${V}tasks(/${NAME})?$`, 'List and inspect tasks'),
  read('networks', `^/${V}networks(/${NAME})?$`, 'List and inspect networks'),
  read('volumes', `^/${V}volumes(/${NAME})?$`, 'List and inspect volumes'),
  read('nodes', `^/${V}nodes(/${NAME})?$`, 'List and inspect nodes'),
  read('info', `^/${V}info$`, 'Show engine info'),
  read('version', `^/${V}version$`, 'Show engine version'),
  read('images', `^/${V}images/json$`, 'List images'),
  read(
    'image-inspect',
    `^/${V}images/${IMAGE}/(json|history)$`,
    'Inspect images and their history (never export: /images/get and /images/{name}/get are not granted)',
  ),
  // The same reads in Podman's libpod API (podman --remote, podman-py, Cockpit), which only a Podman daemon answers.
  // Never granted, as above: logs, events, exports (/containers/{name}/export, /images/export, /images/{name}/get),
  // archives, changes and attach.
  {
    id: 'libpod-ping',
    action: 'allow',
    methods: ['GET', 'HEAD'],
    pattern: `^/${LIBPOD}_ping$`,
    comment: 'Healthcheck, libpod (Podman clients ping before anything else)',
    enabled: true,
  },
  read(
    'libpod-containers',
    `^/${LIBPOD}containers(/${NAME})?/(json|stats|top|exists)$`,
    'List, inspect, metrics, processes and existence of containers (libpod)',
  ),
  read('libpod-images', `^/${LIBPOD}images/json$`, 'List images (libpod)'),
  read(
    'libpod-image-inspect',
    `^/${LIBPOD}images/${IMAGE}/(json|history|exists|tree)$`,
    'Inspect images, their history and layer tree (libpod; never export)',
  ),
  read('libpod-networks', `^/${LIBPOD}networks/${NAME}(/(json|exists))?$`, 'List and inspect networks (libpod)'),
  read('libpod-volumes', `^/${LIBPOD}volumes/(json|${NAME}/(json|exists))$`, 'List and inspect volumes (libpod)'),
  read(
    'libpod-pods',
    `^/${LIBPOD}pods/(json|stats|${NAME}/(json|top|exists))$`,
    'List, inspect, metrics and processes of pods (libpod)',
  ),
  read('libpod-system', `^/${LIBPOD}(info|version)$`, 'Show engine info and version (libpod)'),
];
