// Only wiring: config -> pattern file and --socket flags -> store -> request log, learn mode, metrics -> sockets -> admin app -> signals.
import { CommanderError } from 'commander';
import { BUILTIN_RULES } from '../shared/rules/builtin.ts';
import { BootError, EXIT } from './boot-errors.ts';
import { ConfigError, VERSION, parseConfig, type Config } from './config.ts';
import { announceLearnMode } from './learn/learn-announce.ts';
import { createLearnMode } from './learn/learn-mode.ts';
import { openRequestLog } from './log/open-request-log.ts';
import { formatDebugLine } from './log/request-log.ts';
import { loadPatternFile } from './pattern-source.ts';
import { describeSocket, printLint } from './sockets/announce.ts';
import type { Admin } from './admin/start-admin.ts';
import { ListenError } from './proxy/listen.ts';
import { createProxyCounters } from './proxy/counters.ts';
import { createDaemonGate } from './proxy/daemon-gate.ts';
import { createOwners } from './proxy/owners.ts';
import { createLearnBySocket } from './learn/learn-by-socket.ts';
import { desiredSockets, proxySocketSpec } from './sockets/desired.ts';
import { withSocketFlags } from './sockets/flag-sockets.ts';
import { createSocketManager } from './sockets/socket-manager.ts';
import { createActiveRules } from './store/active-rules.ts';
import { storeDirWarning } from './store/dir-warning.ts';
import { StoreError } from './store/file-adapter.ts';
import { storePathError } from './store/store-path-error.ts';
import { explainDockerReach, reachDocker } from './health/docker-reach.ts';
import { watchEngine } from './health/engine-watch.ts';
import { runHealthCheck } from './health/health-check.ts';
import { removeHealthFile, writeHealthFile } from './health/health-file.ts';
import { openStore, sameConfig, sameRules } from './store/store.ts';
import type { BodyPolicy } from '../shared/policy/body-policy.ts';
import {
  profilePolicy,
  profileRedacts,
  profileScoped,
  profilesNamedBy,
  withProfileRules,
} from '../shared/profiles/configuration.ts';
import { DEFAULT_PROFILE } from '../shared/profiles/names.ts';
import { formatSocketMode } from '../shared/profiles/socket-mode.ts';

/** Opens what lives at --db-file; a path doxy cannot create or write says so and names the flag. */
async function openStoreAt<T>(dbFile: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw storePathError(dbFile, error) ?? error;
  }
}

async function start(config: Config): Promise<() => Promise<void>> {
  const fromFile = config.patternFile === null ? null : loadPatternFile(config.patternFile);
  const dirWarning = storeDirWarning(config.dbFile);
  if (dirWarning) process.stderr.write(`doxy: warning: ${dirWarning}\n`);
  const store = await openStoreAt(config.dbFile, () => openStore(config.dbFile, fromFile ?? BUILTIN_RULES));
  if (fromFile && config.patternFile && !sameRules(fromFile, store.rules())) {
    // The replaced set stays in the store's history, so nothing is lost.
    await store.save(
      withProfileRules(store.config(), DEFAULT_PROFILE, fromFile),
      store.revision(),
      `pattern file ${config.patternFile}`,
    );
  }
  const withFlags = withSocketFlags(store.config(), config.sockets);
  if (!sameConfig(withFlags, store.config())) {
    await store.save(
      withFlags,
      store.revision(),
      `socket flags ${config.sockets.map((f) => `${f.spec.path}=${f.spec.profile}`).join(' ')}`,
    );
  }
  const rules = createActiveRules(store);
  const sources = {
    proxy: proxySocketSpec(config.proxySocket, formatSocketMode(config.socketMode)),
    flagPaths: new Set(config.sockets.map((f) => f.spec.path)),
  };
  const served = new Set(
    desiredSockets(sources, store.sockets()).flatMap((s) => profilesNamedBy(s, '').map((n) => n.name)),
  );
  for (const p of store.profiles()) if (served.has(p.name)) printLint(p.name, p.rules, p.policy ?? null);
  const { log, history } = await openStoreAt(config.dbFile, () => openRequestLog(config.dbFile));
  if (config.debug) log.subscribe((e) => process.stdout.write(`${formatDebugLine(e)}\n`));
  const learn = createLearnMode();
  announceLearnMode(learn);
  if (config.learn !== null) learn.start(config.learn > 0 ? new Date(Date.now() + config.learn * 60_000) : null);
  const learnFor = createLearnBySocket(config.proxySocket, learn, (path, mode) =>
    announceLearnMode(mode, process.stdout, path),
  );
  const counters = createProxyCounters();
  // Loaded only when the app is on (see admin-side.ts); before the sockets, so that its metrics count every request.
  const adminSide =
    config.admin === null
      ? null
      : (await import('./admin/admin-side.ts')).prepareAdmin(
          {
            subscribe: (l) => log.subscribe(l),
            revision: () => store.revision(),
            learning: () => learn.state().active,
            openStreams: () => counters.openStreams,
            hijacked: () => counters.hijacked,
          },
          config.proxySocket,
          log,
        );
  if (adminSide) store.onChange(() => adminSide.metrics.reloaded());

  const gate = createDaemonGate(config.daemonConnections, config.daemonQueue);
  const engine = watchEngine(config.dockerSocket, (line) => process.stdout.write(`${line}\n`));
  const policies = (profile: string): BodyPolicy | null => profilePolicy(store.config(), profile);
  const sockets = createSocketManager({
    dockerSocket: config.dockerSocket,
    log,
    rules,
    policies,
    redacts: (profile) => profileRedacts(store.config(), profile),
    scoped: (profile) => profileScoped(store.config(), profile),
    owners: createOwners(config.dockerSocket),
    learnFor,
    counters,
    gate,
    engine,
  });
  await sockets.apply(desiredSockets(sources, store.sockets()));
  const [proxy, ...others] = sockets.states();
  if (!proxy?.listening) {
    engine.close();
    await sockets.close();
    await history.close();
    throw new ListenError(proxy?.error ?? `cannot listen on ${config.proxySocket}`);
  }
  const noteHealth = (): void => {
    try {
      writeHealthFile(config.healthFile, {
        pid: process.pid,
        dockerSocket: config.dockerSocket,
        sockets: sockets.states().map((s) => s.path),
      });
    } catch (error) {
      // Serving matters more than the health check; this one says why it will fail.
      process.stderr.write(`doxy: warning: cannot write --health-file: ${(error as Error).message}\n`);
    }
  };
  noteHealth();
  // Saved changes (the app, an import, a restore) reach the running sockets without a restart.
  // A socket a change could not start is on its row in the app; whoever runs doxy reads it here, once per cause.
  const reported = new Map<string, string>();
  const reportDown = (): void => {
    for (const s of sockets.states()) {
      if (s.listening || s.error === null) reported.delete(s.path);
      else if (reported.get(s.path) !== s.error) {
        reported.set(s.path, s.error);
        process.stderr.write(`doxy: socket ${s.path} is not listening: ${s.error}\n`);
      }
    }
  };
  store.onChange((next) => {
    void sockets.apply(desiredSockets(sources, next.sockets)).then(noteHealth).then(reportDown);
  });
  process.stdout.write(
    `doxy ${VERSION}: listening on ${config.proxySocket} (mode ${config.socketMode.toString(8)}), forwarding to ${config.dockerSocket}\n` +
      `doxy: ${store.rules().length} rules, revision ${store.revision()}, store ${store.file}${config.patternFile ? `, pattern file ${config.patternFile}` : ''}\n` +
      others.map(describeSocket).join('') +
      `doxy: request log ${history.file}\n`,
  );
  // Said at start, not left to the first request's 502; doxy serves anyway, so that it works once dockerd is up.
  // The engine's line follows when it answers (Podman takes seconds for /version): the start does not wait for it.
  const docker = await reachDocker(config.dockerSocket);
  if (docker !== 'ok')
    process.stderr.write(
      `doxy: warning: ${explainDockerReach(config.dockerSocket, docker)}; until then every request gets 502\n`,
    );
  let admin: Admin | null = null;
  try {
    admin =
      config.admin === null || adminSide === null
        ? null
        : await adminSide.start({
            address: config.admin,
            token: config.adminToken ?? store.adminToken(),
            store,
            log,
            rules,
            patternFile: config.patternFile,
            proxySocket: config.proxySocket,
            sockets,
            dockerSocket: config.dockerSocket,
            engine: () => engine.current(),
            learn: learnFor,
            requestHistory: history,
          });
  } catch (error) {
    removeHealthFile(config.healthFile);
    await adminSide?.close();
    engine.close();
    await sockets.close();
    await history.close();
    throw error;
  }
  if (admin) {
    process.stdout.write(
      `doxy: admin app at ${admin.loginUrl} (the token grants write access to the Docker socket: keep it secret)\n`,
    );
    if (admin.webMissing) process.stderr.write(`doxy: ${admin.webMissing}; the API works without it\n`);
  }
  return async () => {
    removeHealthFile(config.healthFile);
    await admin?.close();
    await adminSide?.close();
    engine.close();
    await sockets.close();
    await history.close();
  };
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
  if (config.healthCheck) process.exit(await runHealthCheck(config.healthFile));
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
