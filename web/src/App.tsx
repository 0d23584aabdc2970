// The admin app: one rule draft shared by the editor and the tester, one live connection, a screen for each task.
import { useCallback, useEffect, useState } from 'react';
import type { LogEntry } from '../../shared/protocol.ts';
import { connectLive, type LinkState, type LiveSocket } from './api/live-socket.ts';
import { Coverage } from './coverage/Coverage.tsx';
import { LearnBanner } from './learn/LearnBanner.tsx';
import { LearnScreen } from './learn/LearnScreen.tsx';
import { useLearn } from './learn/use-learn.ts';
import { Login } from './Login.tsx';
import { LiveLog } from './log/LiveLog.tsx';
import { LogSearch } from './log/LogSearch.tsx';
import { prefillFor } from './log/allow-rule.ts';
import { createLogStore, type LogStore } from './log/log-store.ts';
import { Presets } from './presets/Presets.tsx';
import { HistoryList } from './rules/HistoryList.tsx';
import { RulesEditor, type Prefill } from './rules/RulesEditor.tsx';
import { SaveBar } from './rules/SaveBar.tsx';
import { StatsScreen } from './stats/StatsScreen.tsx';
import { useRules } from './rules/use-rules.ts';
import { Tester } from './tester/Tester.tsx';
import { Transfer } from './transfer/Transfer.tsx';
import { SCREENS, useHashRoute } from './use-hash-route.ts';

interface Live {
  readonly socket: LiveSocket;
  readonly log: LogStore;
}

export function App() {
  const model = useRules();
  const [screen, go] = useHashRoute();
  const [live, setLive] = useState<Live | null>(null);
  const [link, setLink] = useState<LinkState>('connecting');
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const { revisionSaved } = model;

  // The socket's handshake needs the session too: connect once the rules loaded, not on the login screen.
  const loggedIn = model.saved !== null;
  useEffect(() => {
    if (!loggedIn) return undefined;
    const socket = connectLive();
    setLive({ socket, log: createLogStore(socket) });
    const offState = socket.onState(setLink);
    return () => { offState(); socket.close(); };
  }, [loggedIn]);
  useEffect(() => live?.socket.onRevision(revisionSaved), [live, revisionSaved]);
  const learn = useLearn(live?.socket ?? null, loggedIn);

  const allow = useCallback((entry: LogEntry) => {
    const offer = prefillFor(entry, model.draft);
    if (offer) { setPrefill(offer); go('rules'); }
  }, [model.draft, go]);
  const prefillUsed = useCallback(() => setPrefill(null), []);

  if (model.loadError?.status === 401) return <Login />;
  return (
    <div className="app">
      <header>
        <h1>doxy <span>admin</span></h1>
        <nav>
          {SCREENS.map((s) => (
            <a key={s.id} href={`#/${s.id}`} aria-current={screen === s.id ? 'page' : undefined}>{s.label}</a>
          ))}
        </nav>
        <span className="meta">revision {model.saved?.revision ?? '…'} · <span className={`link ${link}`}>{link}</span></span>
      </header>
      <p className="caution">Whoever can change these rules can reach the Docker socket, which is root on the host.</p>
      {model.loadError && <p className="error-box" role="alert">Cannot load the rules: {model.loadError.message}</p>}
      <LearnBanner state={learn.learn?.state ?? null} />
      <SaveBar model={model} />
      <main>
        {screen === 'rules' && <RulesEditor model={model} prefill={prefill} onPrefillUsed={prefillUsed} />}
        {screen === 'tester' && <Tester rules={model.draft} dirty={model.dirty} />}
        {screen === 'coverage' && <Coverage model={model} />}
        {screen === 'presets' && <Presets model={model} />}
        {screen === 'log' && live && <LiveLog store={live.log} link={link} onReconnect={live.socket.reconnect} onAllow={allow} />}
        {screen === 'search' && <LogSearch />}
        {screen === 'stats' && <StatsScreen />}
        {screen === 'learn' && <LearnScreen model={model} learn={learn} />}
        {screen === 'transfer' && <Transfer model={model} />}
        {screen === 'history' && <HistoryList model={model} />}
      </main>
    </div>
  );
}
