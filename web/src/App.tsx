// The admin app: the chosen profile's rule draft shared by the editor, tester and coverage; one live connection; a screen per task.
import { useCallback, useEffect, useState } from 'react';
import type { LogEntry } from '../../shared/protocol/log.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { DEFAULT_PROFILE } from './api/client.ts';
import { connectLive, type LinkState, type LiveSocket } from './api/live-socket.ts';
import { Coverage } from './coverage/Coverage.tsx';
import { LearnBanner } from './learn/LearnBanner.tsx';
import { LearnScreen } from './learn/LearnScreen.tsx';
import { useLearn } from './learn/use-learn.ts';
import { Login } from './Login.tsx';
import { LiveLog } from './log/LiveLog.tsx';
import { LogSearch } from './log/LogSearch.tsx';
import { endpointPrefill, prefillFor } from './log/allow-rule.ts';
import { createLogStore, type LogStore } from './log/log-store.ts';
import { PolicyPanel } from './policy/PolicyPanel.tsx';
import { usePolicy } from './policy/use-policy.ts';
import { Presets } from './presets/Presets.tsx';
import { ProfileBar } from './profiles/ProfileBar.tsx';
import { ResponsePolicy } from './response/ResponsePolicy.tsx';
import { useResponsePolicy } from './response/use-response-policy.ts';
import { useProfiles } from './profiles/use-profiles.ts';
import { HistoryList } from './rules/HistoryList.tsx';
import { RulesEditor, type Prefill } from './rules/RulesEditor.tsx';
import { SaveBar } from './rules/SaveBar.tsx';
import { SocketPicker } from './sockets/SocketPicker.tsx';
import { Sockets } from './sockets/Sockets.tsx';
import { StatsScreen } from './stats/StatsScreen.tsx';
import { useRules } from './rules/use-rules.ts';
import { Tester } from './tester/Tester.tsx';
import { Transfer } from './transfer/Transfer.tsx';
import { PROFILE_SCREENS, routeHref, SCREENS, useHashRoute } from './use-hash-route.ts';

interface Live {
  readonly socket: LiveSocket;
  readonly log: LogStore;
}

export function App() {
  const [route, go] = useHashRoute();
  const { screen, profile } = route;
  const model = useRules(profile);
  const [live, setLive] = useState<Live | null>(null);
  const [link, setLink] = useState<LinkState>('connecting');
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [liveRevision, setLiveRevision] = useState<number | null>(null);
  const { revisionSaved } = model;

  // The socket's handshake needs the session too: connect once the rules loaded, not on the login screen.
  const loggedIn = model.saved !== null;
  useEffect(() => {
    if (!loggedIn) return undefined;
    const socket = connectLive();
    setLive({ socket, log: createLogStore(socket) });
    const offState = socket.onState(setLink);
    return () => {
      offState();
      socket.close();
    };
  }, [loggedIn]);
  useEffect(
    () =>
      live?.socket.onRevision((r) => {
        setLiveRevision(r);
        revisionSaved(r);
      }),
    [live, revisionSaved],
  );
  // The socket the Learn and Stats screens show; '' is the --proxy-socket.
  const [watched, setWatched] = useState('');
  const learn = useLearn(live?.socket ?? null, loggedIn, watched);
  const revision = Math.max(liveRevision ?? 0, model.saved?.revision ?? 0);
  const profiles = useProfiles(loggedIn, revision);
  const policy = usePolicy(profile, loggedIn, revision);
  const response = useResponsePolicy(profile, loggedIn, revision);
  const savedPolicy = policy.saved?.policy;
  const profileNames = profiles.list?.profiles.map((p) => p.name) ?? [];
  const chooseProfile = useCallback((name: string) => go({ profile: name }), [go]);
  // "Allow this" opens the rules of the profile whose rules denied the request, and places the new rule among those
  // rules once they are loaded (the profile shown may be another one until then).
  const [allowing, setAllowing] = useState<{ profile: string; offer(rules: readonly Rule[]): Prefill | null } | null>(
    null,
  );
  // A profile deleted elsewhere (another tab, the API) or named by an old link (its rules answer 404): back to default,
  // which stops the app asking for it at every revision, and say why.
  const [gone, setGone] = useState<string | null>(null);
  const notFound = model.loadError?.status === 404 && model.profile === profile;
  useEffect(() => {
    if (!notFound || profile === DEFAULT_PROFILE) return;
    setGone(profile);
    setAllowing(null);
    go({ profile: DEFAULT_PROFILE });
  }, [notFound, profile, go]);
  const socketPicker = <SocketPicker value={watched} revision={revision} choose={setWatched} />;

  // Once the rules of the profile that denied it are shown.
  const { loaded, draft } = model;
  useEffect(() => {
    if (allowing === null || !loaded || model.profile !== allowing.profile) return;
    setAllowing(null);
    setPrefill(allowing.offer(draft));
  }, [allowing, loaded, model.profile, draft]);
  const allowIn = useCallback(
    (target: string | null | undefined, offer: (rules: readonly Rule[]) => Prefill | null) => {
      // Nothing to offer (an allowed or refused entry, a method no rule names) whatever the rules: stay.
      if (offer([]) === null) return;
      const name = target || profile;
      setAllowing({ profile: name, offer });
      go({ screen: 'rules', profile: name });
    },
    [profile, go],
  );
  const allow = useCallback(
    (entry: LogEntry) => allowIn(entry.profile, (rules) => prefillFor(entry, rules)),
    [allowIn],
  );
  const allowEndpoint = useCallback(
    (method: string, path: string, denier: string | null) =>
      allowIn(denier, (rules) => endpointPrefill(method, path, rules)),
    [allowIn],
  );
  const prefillUsed = useCallback(() => setPrefill(null), []);

  if (model.loadError?.status === 401) return <Login />;
  return (
    <div className="app">
      <header>
        <h1>
          doxy <span>admin</span>
        </h1>
        <nav>
          {SCREENS.map((s) => (
            <a
              key={s.id}
              href={routeHref({ screen: s.id, profile })}
              aria-current={screen === s.id ? 'page' : undefined}
            >
              {s.label}
            </a>
          ))}
        </nav>
        <span className="meta">
          revision {revision || '…'} · <span className={`link ${link}`}>{link}</span>
        </span>
      </header>
      <p className="caution">Whoever can change these rules can reach the Docker socket, which is root on the host.</p>
      {model.loadError && !notFound && (
        <p className="error-box" role="alert">
          Cannot load the rules: {model.loadError.message}
        </p>
      )}
      <LearnBanner state={learn.learn?.state ?? null} socket={watched || null} />
      {PROFILE_SCREENS.includes(screen) && (
        <ProfileBar
          profile={profile}
          profiles={profiles}
          unsaved={model.draftsAside.filter((name) => profileNames.includes(name))}
          dirty={model.dirty}
          choose={chooseProfile}
        />
      )}
      {gone !== null && (
        <p className="bar ok" role="status">
          There is no profile “{gone}” (it was deleted, or never created): showing profile {DEFAULT_PROFILE}.{' '}
          <button type="button" onClick={() => setGone(null)}>
            OK
          </button>
        </p>
      )}
      <SaveBar model={model} />
      <main>
        {screen === 'rules' && (
          <>
            <RulesEditor model={model} prefill={prefill} onPrefillUsed={prefillUsed} />
            <PolicyPanel model={policy} />
            <ResponsePolicy model={response} />
          </>
        )}
        {screen === 'tester' && (
          <Tester rules={model.draft} dirty={model.dirty} profile={profile} policy={savedPolicy} />
        )}
        {screen === 'coverage' && (
          <Coverage model={model} profiles={profileNames} policy={savedPolicy ?? null} response={response} />
        )}
        {screen === 'presets' && (
          <Presets model={model} profiles={profiles} revision={revision} choose={chooseProfile} />
        )}
        {screen === 'sockets' && <Sockets revision={revision} profiles={profileNames} />}
        {screen === 'log' && live && (
          <LiveLog store={live.log} link={link} onReconnect={live.socket.reconnect} onAllow={allow} />
        )}
        {screen === 'search' && <LogSearch profiles={profileNames} onAllow={allow} />}
        {screen === 'stats' && <StatsScreen socket={watched} picker={socketPicker} onAllow={allowEndpoint} />}
        {screen === 'learn' && <LearnScreen model={model} learn={learn} picker={socketPicker} />}
        {screen === 'transfer' && <Transfer model={model} />}
        {screen === 'history' && <HistoryList model={model} />}
      </main>
    </div>
  );
}
