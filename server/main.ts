// Only wiring: config -> pattern file -> store -> request log -> proxy socket -> admin app -> signals.
import { CommanderError } from 'commander';
import { BUILTIN_RULES } from '../shared/rules/builtin.ts';
import { BootError, EXIT } from './boot-errors.ts';
import { ConfigError, VERSION, parseConfig, type Config } from './config.ts';
import { createRequestLog, formatDebugLine } from './log/request-log.ts';
import { loadPatternFile } from './pattern-source.ts';
import { ListenError, listenUnix } from './proxy/listen.ts';
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
  const log = createRequestLog();
  if (config.debug) log.subscribe((e) => process.stdout.write(`${formatDebugLine(e)}\n`));

  const proxy = createProxyServer({ dockerSocket: config.dockerSocket, rules, log });
  const closeProxy = await listenUnix(proxy, config.proxySocket, config.socketMode);
  process.stdout.write(
    `doxy ${VERSION}: listening on ${config.proxySocket} (mode ${config.socketMode.toString(8)}), forwarding to ${config.dockerSocket}\n` +
      `doxy: ${store.rules().length} rules, revision ${store.revision()}, store ${store.file}${config.patternFile ? `, pattern file ${config.patternFile}` : ''}\n`,
  );
  return closeProxy;
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
  let stop: () => Promise<void>;
  try {
    stop = await start(config);
  } catch (error) {
    process.stderr.write(`doxy: ${(error as Error).message}\n`);
    process.exit(exitCodeOf(error));
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`doxy: ${signal}, removing ${config.proxySocket} and stopping\n`);
      void stop().then(() => process.exit(EXIT.ok));
    });
  }
}

await main();
