// A naive filtering proxy, kept only to show what the security suites catch (DOXY_SECURITY_PROXY=naive npm test ...).
// Like many socket proxies it matches the first request line of a connection against the rules (the raw path, no
// canonical form) and then pipes raw bytes both ways. Never use it for anything else.
// Usage: naive-proxy.ts DOCKER_SOCKET PROXY_SOCKET PATTERN_FILE
import { readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { parsePatternFile } from '../../shared/rules/pattern-file.ts';

const [dockerSocket, proxySocket, patternFile] = process.argv.slice(2);
if (!dockerSocket || !proxySocket || !patternFile)
  throw new Error('usage: naive-proxy.ts DOCKER_SOCKET PROXY_SOCKET PATTERN_FILE');
const parsed = parsePatternFile(readFileSync(patternFile, 'utf8'), patternFile);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const compiled = compileRuleSet(parsed.value);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
const rules = compiled.value.enabled;

function allowed(method: string, path: string): boolean {
  for (const c of rules) {
    if (c.rule.methods !== '*' && !(c.rule.methods as readonly string[]).includes(method)) continue;
    if (c.pattern.test(path)) return c.rule.action === 'allow';
  }
  return false;
}

rmSync(proxySocket, { force: true });
createServer((client) => {
  let head = Buffer.alloc(0);
  client.on('error', () => client.destroy());
  const onData = (d: Buffer): void => {
    head = Buffer.concat([head, d]);
    const eol = head.indexOf('\r\n');
    if (eol === -1) return;
    client.off('data', onData);
    const [method = '', target = ''] = head.subarray(0, eol).toString('latin1').split(' ');
    const path = target.split('?')[0] ?? '';
    if (!allowed(method, path)) {
      client.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 24\r\nConnection: close\r\n\r\n{"message":"forbidden"}\n',
      );
      return;
    }
    const up = connect({ path: dockerSocket });
    up.on('error', () => client.destroy());
    up.write(head);
    client.pipe(up);
    up.pipe(client);
  };
  client.on('data', onData);
}).listen(proxySocket, () => process.stdout.write(`naive proxy: listening on ${proxySocket}\n`));
