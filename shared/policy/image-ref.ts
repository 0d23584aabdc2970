// Image references as the daemon resolves them, matched against allow-list patterns. `busybox` is
// `docker.io/library/busybox`; a reference that could be an image ID (or an ID prefix) is never matched, since only
// the daemon knows which image that is.

const HEX_ONLY = /^[0-9a-f]+$/;
const LEGACY_DOMAIN = 'index.docker.io';

export interface ImageRef {
  /** `domain/path`, normalised (`docker.io/library/busybox`). */
  readonly repository: string;
  /** The repository with `:tag` (`latest` when none and no digest) and `@digest` as given. */
  readonly full: string;
}

/** `domain/path` for a name: a first component with `.` or `:`, or `localhost`, is a registry; else Docker Hub. */
function qualify(name: string): string {
  const first = name.split('/')[0] ?? '';
  const hasDomain = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasDomain ? name : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  if (repository.startsWith(`${LEGACY_DOMAIN}/`))
    repository = `docker.io/${repository.slice(LEGACY_DOMAIN.length + 1)}`;
  if (repository.startsWith('docker.io/') && repository.split('/').length === 2)
    repository = `docker.io/library/${repository.slice('docker.io/'.length)}`;
  return repository;
}

/** Splits `name[:tag][@digest]`. */
function split(ref: string): { name: string; tag: string; digest: string } {
  const at = ref.indexOf('@');
  const beforeDigest = at === -1 ? ref : ref.slice(0, at);
  const digest = at === -1 ? '' : ref.slice(at);
  const slash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  return colon > slash
    ? { name: beforeDigest.slice(0, colon), tag: beforeDigest.slice(colon), digest }
    : { name: beforeDigest, tag: '', digest };
}

/** Normalises a reference, or null when it may name an image by ID or is not a reference at all. */
export function normaliseImageRef(ref: string): ImageRef | null {
  if (ref === '' || /[\s\u0000-\u001f]/.test(ref) || ref.startsWith('sha256:')) return null;
  const { name, tag, digest } = split(ref);
  if (name === '' || HEX_ONLY.test(name)) return null;
  const repository = qualify(name);
  return { repository, full: `${repository}${tag === '' && digest === '' ? ':latest' : tag}${digest}` };
}

function globSource(pattern: string): string {
  return pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}

/** Whether a pattern allows a reference: its repository, or the full reference when the pattern names a tag or digest.
 * Patterns are qualified like references (`busybox` is `docker.io/library/busybox`, `acme/*` is `docker.io/acme/*`);
 * `**` alone allows every reference that is not an image ID. */
export function imageAllowed(ref: string, patterns: readonly string[]): boolean {
  const image = normaliseImageRef(ref);
  if (image === null) return false;
  return patterns.some((pattern) => {
    if (pattern === '**') return true;
    const { name, tag, digest } = split(pattern);
    const withTag = tag !== '' || digest !== '';
    const source = globSource(`${qualify(name)}${tag}${digest}`);
    return new RegExp(`^${source}$`).test(withTag ? image.full : image.repository);
  });
}
