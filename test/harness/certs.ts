// Certificates for TLS tests, made with the openssl command line the way a user makes them: a CA, a server
// certificate for 127.0.0.1 and localhost, and client certificates by common name (P-256 keys: quick to make).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

function openssl(dir: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA named `name` in `dir`: name.pem and name-key.pem. */
export function makeCa(dir: string, name: string): CertFiles {
  const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) };
  openssl(dir, [
    'req',
    '-x509',
    ...KEY,
    '-keyout',
    files.key,
    '-out',
    files.cert,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ]);
  return files;
}

/** A certificate for `cn` signed by `ca`: a server one (SAN 127.0.0.1 and localhost) or a client one. */
export function makeCert(dir: string, ca: CertFiles, cn: string, use: 'server' | 'client'): CertFiles {
  // Named for the CA too: two CAs may sign the same CN.
  const base = join(dir, `${use}-${cn}-by-${basename(ca.cert, '.pem')}`);
  const files = { cert: `${base}.pem`, key: `${base}-key.pem` };
  const ext = `${base}.ext`;
  writeFileSync(
    ext,
    use === 'server'
      ? 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'
      : 'extendedKeyUsage=clientAuth\n',
  );
  openssl(dir, ['req', ...KEY, '-keyout', files.key, '-out', `${base}.csr`, '-subj', `/CN=${cn}`]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${base}.csr`,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    files.cert,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return files;
}
