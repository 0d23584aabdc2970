// Writes that clients rarely send without a read first: the read finds the id, or the version an update must send.
// Operations are `METHOD /template` from the catalog (test/unit/lint-profile.test.ts checks that each one exists).

export interface WriteNeed {
  /** Any one of these, granted at least in part, satisfies the need. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly why: string;
}

const VERSIONED = 'an update must send the current version, which only the inspect answers';

export const WRITE_NEEDS: readonly WriteNeed[] = [
  {
    reads: ['GET /containers/json'],
    writes: ['start', 'stop', 'restart', 'kill', 'update', 'rename', 'pause', 'unpause']
      .map((a) => `POST /containers/{id}/${a}`)
      .concat('DELETE /containers/{id}'),
    why: 'clients list containers to find the one to act on',
  },
  {
    reads: ['GET /images/json', 'GET /images/{name}/json'],
    writes: ['DELETE /images/{name}', 'POST /images/{name}/tag', 'POST /images/{name}/push'],
    why: 'clients look an image up before they tag, push or remove it',
  },
  {
    reads: ['GET /volumes', 'GET /volumes/{name}'],
    writes: ['DELETE /volumes/{name}'],
    why: 'clients look a volume up before they remove it',
  },
  {
    reads: ['GET /networks', 'GET /networks/{id}', 'GET /containers/{id}/json'],
    writes: ['DELETE /networks/{id}', 'POST /networks/{id}/connect', 'POST /networks/{id}/disconnect'],
    why: 'clients look the network up before they change it',
  },
  { reads: ['GET /services/{id}'], writes: ['POST /services/{id}/update'], why: VERSIONED },
  { reads: ['GET /nodes/{id}'], writes: ['POST /nodes/{id}/update'], why: VERSIONED },
  { reads: ['GET /secrets/{id}'], writes: ['POST /secrets/{id}/update'], why: VERSIONED },
  { reads: ['GET /configs/{id}'], writes: ['POST /configs/{id}/update'], why: VERSIONED },
  { reads: ['GET /swarm'], writes: ['POST /swarm/update'], why: VERSIONED },
];
