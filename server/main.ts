// Only wiring: config -> pattern file -> store -> request log, learn mode, metrics -> proxy socket -> admin app -> signals.
import { CommanderError } from 'commander';
import { BUILTIN_RULES } from '../shared/rules/builtin.ts';
import { formatLintWarning, lintRules } from '../shared/rules/lint.ts';
import { lintProfile } from '../shared/rules/lint-profile.ts';
import { BootError, EXIT } from './boot-errors.ts';
import { ConfigError, VERSION, parseConfig, type Config } from './config.ts';
import { announceLearnMode } from './learn/learn-announce.ts';
import { createLearnMode } from './learn/learn-mode.ts';
import { openRequestLog } from './log/open-request-log.ts';
import { formatDebugLine } from './log/request-log.ts';
import { createMetrics } from './metrics/metrics.ts';
import { createRequestStats } from './metrics/request-stats.ts';
import { loadPatternFile } from './pattern-source.ts';
import { startAdmin, type Admin } from './admin/start-admin.ts';
import { ListenError, listenUnix } from './proxy/listen.ts';
import { createProxyCounters } from './proxy/counters.ts';
import { createProxyServer } from './proxy/server.ts';
import { createActiveRules } from './store/active-rules.ts';
import { StoreError } from './store/file-adapter.ts';
import { openStore, sameRules } from './store/store.ts';

async function start(config: Config): Promise<() => Promise<void>> {
  const fromFile = config.patternFile === null ? null : loadPatternFile(config.patternFile);
  const store = await openStore(config.dbFile, fromFile ?? BUILTIN_RULES);
  if (fromFile && config.patternFile && !sameRules(fromFile, store.rules())) {
    // The replaced set stays in the store's history, so nothing is lost.
    await store.save(fromFile, store.revision(), `pattern file ${config.patternFile}`);
  }
  const rules = createActiveRules(store);
  // A rule that grants a dangerous read (export, archive, image save, secrets...) is said out loud at every start.
  for (const w of lintRules(store.rules())) process.stderr.write(`doxy: warning: ${formatLintWarning(w)}\n`);
  // Advice on the set as a whole (root grants, unreachable rules, no ping...): its own prefix, so "warning:" stays for dangerous reads.
  for (const w of lintProfile(store.rules())) process.stderr.write(`doxy: lint: ${w.where}: ${w.message}\n`);
  const { log, history } = await openRequestLog(config.dbFile);
  if (config.debug) log.subscribe((e) => process.stdout.write(`${formatDebugLine(e)}\n`));
  const learn = createLearnMode();
  announceLearnMode(learn);
  if (config.learn !== null) learn.start(config.learn > 0 ? new Date(Date.now() + config.learn * 60_000) : null);
  const counters = createProxyCounters();
  const metrics = createMetrics({
    subscribe: (l) => log.subscribe(l), revision: () => store.revision(), learning: () => learn.state().active,
    openStreams: () => counters.openStreams, hijacked: () => counters.hijacked,
  });
  store.onChange(() => metrics.reloaded());
  const stats = createRequestStats(log);

  const proxy = createProxyServer({ dockerSocket: config.dockerSocket, rules, log, learn, counters });
  const closeProxy = await listenUnix(proxy, config.proxySocket, config.socketMode);
  process.stdout.write(
    `doxy ${VERSION}: listening on ${config.proxySocket} (mode ${config.socketMode.toString(8)}), forwarding to ${config.dockerSocket}\n` +
      `doxy: ${store.rules().length} rules, revision ${store.revision()}, store ${store.file}${config.patternFile ? `, pattern file ${config.patternFile}` : ''}\n` +
      `doxy: request log ${history.file}\n`,
  );
  let admin: Admin | null = null;
  try {
    admin = config.admin === null ? null : await startAdmin({ address: config.admin, token: config.adminToken ?? store.adminToken(), store, log, rules, patternFile: config.patternFile, learn, requestHistory: history, metrics, stats });
  } catch (error) {
    await closeProxy();
    await history.close();
    throw error;
  }
  if (admin) {
    process.stdout.write(`doxy: admin app at ${admin.loginUrl} (the token grants write access to the Docker socket: keep it secret)\n`);
    if (admin.webMissing) process.stderr.write(`doxy: ${admin.webMissing}; the API works without it\n`);
  }
  return async () => { await admin?.close(); await closeProxy(); await history.close(); };
}

function exitCodeOf(error: unknown): number {
  if (error instanceof BootError) return error.exitCode;
  if (error instanceof ConfigError) return EXIT.config;
  if (error instanceof StoreError) return EXIT.store;
  if (error instanceof ListenError) return EXIT.listen;
  return EXIT.internal;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.config);
    process.stderr.write(`doxy: ${(error as Error).message}\n`);
    process.exit(EXIT.config);
  }
  // Signals are heard from the start: one that arrives while doxy is still starting stops it right after.
  let stop: (() => Promise<void>) | null = null;
  let stopping: string | null = null;
  const shutdown = (): void => {
    if (stop === null || stopping === null) return;
    process.stdout.write(`doxy: ${stopping}, removing ${config.proxySocket} and stopping\n`);
    void stop().then(() => process.exit(EXIT.ok));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping !== null) return;
      stopping = signal;
      shutdown();
    });
  }
  try {
    stop = await start(config);
  } catch (error) {
    process.stderr.write(`doxy: ${(error as Error).message}\n`);
    process.exit(exitCodeOf(error));
  }
  shutdown();
}

await main();
