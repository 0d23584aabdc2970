// Every shape of request line doxy must read one way: the canonical form it forwards, or why it refuses.
// Pure data: the unit tests, the proxy's integration tests and the admin tester's tests all drive this table.
import { MAX_TARGET_LENGTH } from '../../shared/rules/canonical.ts';

/** What canonicalize() must give: the path rules see, the raw query, the target sent upstream; or a refusal. */
export type CanonicalExpect =
  { readonly path: string; readonly query: string; readonly target: string } | { readonly refuse: string };

export interface CanonicalCase {
  readonly method: string;
  /** The request target exactly as written on the request line. */
  readonly target: string;
  /** For a refusal, a substring of the reason (the reason is what a client reads). */
  readonly expect: CanonicalExpect;
  /** Node's HTTP parser answers 400 to this request line before doxy sees it: only pure tests can drive it. */
  readonly parserRejects?: true;
}

/** Forwarded unchanged: the decoded path is the target itself. */
function kept(path: string, query = ''): CanonicalExpect {
  return { path, query, target: query === '' ? path : `${path}?${query}` };
}

/** Forwarded, but re-encoded: `target` is what goes upstream. */
function reencoded(path: string, target: string, query = ''): CanonicalExpect {
  return { path, query, target };
}

function refused(reason: string): CanonicalExpect {
  return { refuse: reason };
}

const LONGEST = `/${'a'.repeat(MAX_TARGET_LENGTH - 1)}`;

export const CANONICAL_CASES: readonly CanonicalCase[] = [
  // Plain and versioned paths.
  { method: 'GET', target: '/', expect: kept('/') },
  { method: 'GET', target: '/_ping', expect: kept('/_ping') },
  { method: 'HEAD', target: '/_ping', expect: kept('/_ping') },
  { method: 'GET', target: '/containers/json', expect: kept('/containers/json') },
  { method: 'POST', target: '/containers/create', expect: kept('/containers/create') },
  { method: 'DELETE', target: '/containers/abc123', expect: kept('/containers/abc123') },
  { method: 'GET', target: '/containers/my-app.1/json', expect: kept('/containers/my-app.1/json') },
  {
    method: 'GET',
    target: '/images/docker.io/library/alpine:3.20/json',
    expect: reencoded('/images/docker.io/library/alpine:3.20/json', '/images/docker.io/library/alpine%3A3.20/json'),
  },
  {
    method: 'GET',
    target: '/images/alpine%3A3.20/json',
    expect: reencoded('/images/alpine:3.20/json', '/images/alpine%3A3.20/json'),
  },
  { method: 'GET', target: '/v1.41/containers/json', expect: kept('/v1.41/containers/json') },
  { method: 'GET', target: '/v1.41', expect: kept('/v1.41') },
  { method: 'GET', target: '/v0.0/info', expect: kept('/v0.0/info') },
  { method: 'GET', target: '/v10.100/info', expect: kept('/v10.100/info') },
  { method: 'GET', target: '/...', expect: kept('/...') },
  { method: 'GET', target: '/containers/..json', expect: kept('/containers/..json') },

  // Methods: an upper-case token is taken as is (rules decide what it may do), except CONNECT (a tunnel, never an API
  // call); anything else is refused.
  { method: 'TRACE', target: '/x', expect: kept('/x') },
  { method: 'CONNECT', target: '/x', expect: refused('CONNECT asks for a tunnel') },
  { method: 'CONNECT', target: 'docker:2375', expect: refused('CONNECT asks for a tunnel') },
  { method: 'M-SEARCH', target: '/x', expect: refused('method "M-SEARCH" is not an upper-case token') },
  { method: 'get', target: '/_ping', expect: refused('method "get" is not an upper-case token'), parserRejects: true },
  { method: 'Get', target: '/_ping', expect: refused('method "Get" is not an upper-case token'), parserRejects: true },
  { method: 'G3T', target: '/_ping', expect: refused('method "G3T" is not an upper-case token'), parserRejects: true },
  { method: '', target: '/_ping', expect: refused('method "" is not an upper-case token'), parserRejects: true },
  { method: 'GET ', target: '/_ping', expect: refused('is not an upper-case token'), parserRejects: true },
  {
    method: `X${'Y'.repeat(40)}z`,
    target: '/_ping',
    expect: refused(`method "X${'Y'.repeat(31)}" is not`),
    parserRejects: true,
  },

  // Query strings: kept raw and forwarded as is, never decoded and never seen by rules.
  { method: 'GET', target: '/containers/json?all=1', expect: kept('/containers/json', 'all=1') },
  { method: 'GET', target: '/_ping?/../containers/create', expect: kept('/_ping', '/../containers/create') },
  { method: 'GET', target: '/_ping?/containers/x/exec', expect: kept('/_ping', '/containers/x/exec') },
  { method: 'GET', target: '/x?a?b', expect: kept('/x', 'a?b') },
  { method: 'GET', target: '/?a=1', expect: kept('/', 'a=1') },
  { method: 'GET', target: '/x?', expect: kept('/x') },
  { method: 'GET', target: '/x?a=%zz&b=%2F&c=%00&d=%ff', expect: kept('/x', 'a=%zz&b=%2F&c=%00&d=%ff') },
  {
    method: 'GET',
    target: '/containers/json?filters={"name":["x"]}',
    expect: kept('/containers/json', 'filters={"name":["x"]}'),
  },
  { method: 'GET', target: '/x?a/../b//c', expect: kept('/x', 'a/../b//c') },

  // Percent-encoding of ordinary characters: decoded for rules, forwarded in one spelling.
  { method: 'GET', target: '/%63ontainers/json', expect: reencoded('/containers/json', '/containers/json') },
  {
    method: 'GET',
    target: '/%63%6F%6E%74%61%69%6E%65%72%73/json',
    expect: reencoded('/containers/json', '/containers/json'),
  },
  {
    method: 'GET',
    target: '/%761.41/containers/json',
    expect: reencoded('/v1.41/containers/json', '/v1.41/containers/json'),
  },
  { method: 'GET', target: '/%5Fping', expect: reencoded('/_ping', '/_ping') },
  { method: 'GET', target: '/%41', expect: reencoded('/A', '/A') },
  { method: 'GET', target: '/a%20b', expect: reencoded('/a b', '/a%20b') },
  { method: 'GET', target: '/%25', expect: reencoded('/%', '/%25') },
  { method: 'GET', target: '/%2541', expect: reencoded('/%41', '/%2541') },
  { method: 'GET', target: '/%3F', expect: reencoded('/?', '/%3F') },
  { method: 'GET', target: '/a%3Fb?c', expect: reencoded('/a?b', '/a%3Fb?c', 'c') },
  { method: 'GET', target: '/%23', expect: reencoded('/#', '/%23') },
  { method: 'GET', target: '/a%22b', expect: reencoded('/a"b', '/a%22b') },
  { method: 'GET', target: '/a"b', expect: reencoded('/a"b', '/a%22b') },
  { method: 'GET', target: '/[x]', expect: reencoded('/[x]', '/%5Bx%5D') },
  { method: 'GET', target: '/a{b}|c^d`e<f>', expect: reencoded('/a{b}|c^d`e<f>', '/a%7Bb%7D%7Cc%5Ed%60e%3Cf%3E') },
  { method: 'GET', target: "/a-b._~!$&'()*+,;=@c", expect: kept("/a-b._~!$&'()*+,;=@c") },
  { method: 'GET', target: '/%3B%3D%40', expect: reencoded('/;=@', '/;=@') },
  // ":" is always sent encoded: http-proxy rewrites a path segment that looks like "http:/".
  { method: 'GET', target: '/a:b', expect: reencoded('/a:b', '/a%3Ab') },
  { method: 'GET', target: '/http:/x', expect: reencoded('/http:/x', '/http%3A/x') },

  // Encoded "/" and "\": the daemon would split or read them differently from a rule.
  { method: 'GET', target: '/containers%2Fjson', expect: refused('encoded "/" (%2F) at index 11') },
  { method: 'GET', target: '/containers%2fjson', expect: refused('encoded "/" (%2F) at index 11') },
  { method: 'GET', target: '/%2F', expect: refused('encoded "/" (%2F) at index 1') },
  { method: 'GET', target: '/_ping%2F..%2Fcontainers%2Fcreate', expect: refused('encoded "/" (%2F)') },
  { method: 'GET', target: '/containers%5Cjson', expect: refused('encoded "\\" (%5C) at index 11') },
  { method: 'GET', target: '/containers%5cjson', expect: refused('encoded "\\" (%5C) at index 11') },

  // Encoded control bytes.
  { method: 'GET', target: '/_ping%00', expect: refused('encoded control byte 0x00 at index 6') },
  { method: 'GET', target: '/a%01', expect: refused('encoded control byte 0x01') },
  { method: 'GET', target: '/a%09b', expect: refused('encoded control byte 0x09') },
  { method: 'GET', target: '/a%0Ab', expect: refused('encoded control byte 0x0a') },
  { method: 'GET', target: '/a%0d%0ab', expect: refused('encoded control byte 0x0d') },
  { method: 'GET', target: '/a%1F', expect: refused('encoded control byte 0x1f') },
  { method: 'GET', target: '/a%7f', expect: refused('encoded control byte 0x7f') },

  // Raw characters no request line may hold, or that some readers take as separators.
  { method: 'GET', target: '/containers\\json', expect: refused('"\\" in the request target') },
  { method: 'GET', target: '/x?a=\\', expect: refused('"\\" in the request target') },
  { method: 'GET', target: '/a\tb', expect: refused('byte 0x09 at index 2'), parserRejects: true },
  { method: 'GET', target: '/a b', expect: refused('byte 0x20 at index 2'), parserRejects: true },
  { method: 'GET', target: '/a\u0000', expect: refused('byte 0x00 at index 2'), parserRejects: true },
  { method: 'GET', target: '/x\u007f', expect: refused('byte 0x7f at index 2'), parserRejects: true },
  { method: 'GET', target: '/caf\u00e9', expect: refused('byte 0xe9 at index 4'), parserRejects: true },
  { method: 'GET', target: '/\u00c3\u00a9', expect: refused('byte 0xc3 at index 1'), parserRejects: true },
  { method: 'GET', target: '/\u2603', expect: refused('at index 1 of the request target'), parserRejects: true },

  // Dot segments, raw or encoded: never resolved, always refused.
  { method: 'GET', target: '/./containers/json', expect: refused('dot segment "." in the path') },
  { method: 'GET', target: '/containers/./json', expect: refused('dot segment "."') },
  { method: 'GET', target: '/_ping/../containers/create', expect: refused('dot segment ".." in the path') },
  { method: 'GET', target: '/_ping/%2e%2e/containers/create', expect: refused('dot segment ".."') },
  { method: 'GET', target: '/_ping/%2E%2E/containers/create', expect: refused('dot segment ".."') },
  { method: 'GET', target: '/_ping/%2E./containers/create', expect: refused('dot segment ".."') },
  { method: 'GET', target: '/_ping/.%2e/containers/create', expect: refused('dot segment ".."') },
  { method: 'GET', target: '/containers/%2e/json', expect: refused('dot segment "."') },
  { method: 'GET', target: '/containers/..', expect: refused('dot segment ".."') },
  { method: 'GET', target: '/containers/.', expect: refused('dot segment "."') },
  { method: 'GET', target: '/..', expect: refused('dot segment ".."') },
  { method: 'GET', target: '/v1.41/../containers/create', expect: refused('dot segment ".."') },

  // Empty segments and a trailing "/" ("/" alone is the one path that ends in "/").
  { method: 'GET', target: '//', expect: refused('empty segment ("//")') },
  { method: 'GET', target: '//containers/json', expect: refused('empty segment ("//")') },
  { method: 'GET', target: '/v1.41//containers/json', expect: refused('empty segment ("//")') },
  { method: 'GET', target: '/containers//json', expect: refused('empty segment ("//")') },
  { method: 'GET', target: '/containers/json/', expect: refused('trailing "/" in the path') },
  { method: 'GET', target: '/v1.41/', expect: refused('trailing "/" in the path') },
  { method: 'GET', target: '/containers/json/?all=1', expect: refused('trailing "/" in the path') },

  // Fragments, absolute-form, asterisk-form, and targets that do not start with "/".
  { method: 'GET', target: '/_ping#x', expect: refused('fragment ("#")') },
  { method: 'GET', target: '/_ping#/../containers/create', expect: refused('fragment ("#")') },
  { method: 'GET', target: '/x?a#b', expect: refused('fragment ("#")') },
  { method: 'GET', target: 'http://h/containers/json', expect: refused('absolute-form request target') },
  { method: 'GET', target: 'HTTP://h/x', expect: refused('absolute-form request target') },
  { method: 'GET', target: 'unix:/var/run/docker.sock', expect: refused('absolute-form request target') },
  { method: 'OPTIONS', target: '*', expect: refused('request target does not start with "/"') },
  { method: 'GET', target: 'containers/json', expect: refused('does not start with "/"') },
  { method: 'GET', target: '', expect: refused('does not start with "/"'), parserRejects: true },

  // Bad percent-escapes and percent-escapes that are not UTF-8.
  { method: 'GET', target: '/%zz', expect: refused('bad percent-escape at index 1') },
  { method: 'GET', target: '/%4', expect: refused('bad percent-escape at index 1') },
  { method: 'GET', target: '/x%', expect: refused('bad percent-escape at index 2') },
  { method: 'GET', target: '/x%?a', expect: refused('bad percent-escape at index 2') },
  { method: 'GET', target: '/%%41', expect: refused('bad percent-escape at index 1') },
  { method: 'GET', target: '/%+1', expect: refused('bad percent-escape at index 1') },
  { method: 'GET', target: '/%ff', expect: refused('not valid UTF-8') },
  { method: 'GET', target: '/%C3', expect: refused('not valid UTF-8') },
  { method: 'GET', target: '/%E2%98', expect: refused('not valid UTF-8') },
  { method: 'GET', target: '/%C0%AF', expect: refused('not valid UTF-8') },
  { method: 'GET', target: '/%E0%80%AF', expect: refused('not valid UTF-8') },
  { method: 'GET', target: '/%ED%A0%80', expect: refused('not valid UTF-8') },
  { method: 'GET', target: '/%C3%A9', expect: reencoded('/\u00e9', '/%C3%A9') },
  { method: 'GET', target: '/%c3%a9', expect: reencoded('/\u00e9', '/%C3%A9') },
  { method: 'GET', target: '/%E2%98%83', expect: reencoded('/\u2603', '/%E2%98%83') },
  { method: 'GET', target: '/%F0%9F%90%B3', expect: reencoded('/\u{1f433}', '/%F0%9F%90%B3') },

  // Matrix parameters and case: kept literally; the daemon and the rules read them the same way.
  { method: 'GET', target: '/containers/json;all=1', expect: kept('/containers/json;all=1') },
  { method: 'GET', target: '/containers;x/json', expect: kept('/containers;x/json') },
  { method: 'GET', target: '/Containers/JSON', expect: kept('/Containers/JSON') },
  { method: 'GET', target: '/_PING', expect: kept('/_PING') },

  // API version prefixes: only vN.N is unambiguous; other first segments Docker (`v[0-9.]+`) or Podman
  // (`v[0-9][0-9A-Za-z.-]*`) reads as a version are refused.
  {
    method: 'GET',
    target: '/v1.41.0/containers/json',
    expect: refused('API version "v1.41.0" is not of the form vN.N'),
  },
  { method: 'GET', target: '/v99/containers/json', expect: refused('API version "v99"') },
  { method: 'GET', target: '/v1/containers/json', expect: refused('API version "v1"') },
  { method: 'GET', target: '/v./containers/json', expect: refused('API version "v."') },
  { method: 'GET', target: '/v1..2/containers/json', expect: refused('API version "v1..2"') },
  { method: 'GET', target: '/v.41/info', expect: refused('API version "v.41"') },
  { method: 'GET', target: '/v1./info', expect: refused('API version "v1."') },
  { method: 'GET', target: '/v1', expect: refused('API version "v1"') },
  { method: 'GET', target: '/%76%31/info', expect: refused('API version "v1"') },
  { method: 'GET', target: '/V1.41/containers/json', expect: kept('/V1.41/containers/json') },
  { method: 'GET', target: '/version', expect: kept('/version') },
  { method: 'GET', target: '/v1.41/version', expect: kept('/v1.41/version') },
  { method: 'GET', target: '/v', expect: kept('/v') },
  { method: 'GET', target: '/v1x/info', expect: refused('API version "v1x"') },
  { method: 'GET', target: '/v1-x/containers/json', expect: refused('API version "v1-x"') },
  { method: 'GET', target: '/v1.41abc/containers/json', expect: refused('API version "v1.41abc"') },
  // Podman's libpod API: its clients send the full version (`/v4.3.1/libpod/...`), which Docker's router reads as a
  // version too new; vN.N.N is taken only before a `libpod` segment, and only with no leading zeros.
  { method: 'GET', target: '/v4.3.1/libpod/_ping', expect: kept('/v4.3.1/libpod/_ping') },
  {
    method: 'GET',
    target: '/v4.3.1/libpod/containers/json?all=true',
    expect: kept('/v4.3.1/libpod/containers/json', 'all=true'),
  },
  { method: 'GET', target: '/v1.41/libpod/info', expect: kept('/v1.41/libpod/info') },
  { method: 'GET', target: '/libpod/_ping', expect: kept('/libpod/_ping') },
  { method: 'GET', target: '/v4.3.1/containers/json', expect: refused('API version "v4.3.1" is not of the form vN.N') },
  { method: 'GET', target: '/v4.3.1/libpodx/info', expect: refused('API version "v4.3.1"') },
  { method: 'GET', target: '/v4.3.1/Libpod/info', expect: refused('API version "v4.3.1"') },
  { method: 'GET', target: '/v4.3.1/libpod', expect: refused('API version "v4.3.1"') },
  { method: 'GET', target: '/v4.3.1.0/libpod/info', expect: refused('API version "v4.3.1.0"') },
  { method: 'GET', target: '/v4.03.1/libpod/info', expect: refused('API version "v4.03.1"') },
  { method: 'GET', target: '/v4.3.1-dev/libpod/info', expect: refused('API version "v4.3.1-dev"') },
  { method: 'GET', target: '/v4/libpod/info', expect: refused('API version "v4"') },
  { method: 'GET', target: '/v4.3.1/%6cibpod/info', expect: reencoded('/v4.3.1/libpod/info', '/v4.3.1/libpod/info') },
  { method: 'GET', target: '/vx1/info', expect: kept('/vx1/info') },
  { method: 'GET', target: '/v-1/info', expect: kept('/v-1/info') },
  { method: 'GET', target: '/containers/v1/json', expect: kept('/containers/v1/json') },

  // Length: the limit counts the whole target, query included.
  { method: 'GET', target: LONGEST, expect: kept(LONGEST) },
  {
    method: 'GET',
    target: `${LONGEST}a`,
    expect: refused(`request target longer than ${MAX_TARGET_LENGTH} characters`),
  },
  { method: 'GET', target: `/x?${'q'.repeat(MAX_TARGET_LENGTH)}`, expect: refused('longer than') },
];
