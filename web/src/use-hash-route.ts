// The screen in the address (#/rules, #/tester, ...), so that a screen can be linked and reloaded.
import { useCallback, useEffect, useState } from 'react';

export const SCREENS = [
  { id: 'rules', label: 'Rules' },
  { id: 'tester', label: 'Tester' },
  { id: 'coverage', label: 'Coverage' },
  { id: 'presets', label: 'Presets' },
  { id: 'log', label: 'Live log' },
  { id: 'search', label: 'Log search' },
  { id: 'stats', label: 'Stats' },
  { id: 'learn', label: 'Learn' },
  { id: 'transfer', label: 'Import / export' },
  { id: 'history', label: 'History' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

function read(): ScreenId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.id === id)?.id ?? 'rules';
}

export function useHashRoute(): [ScreenId, (id: ScreenId) => void] {
  const [screen, setScreen] = useState<ScreenId>(read);
  useEffect(() => {
    const onHash = (): void => setScreen(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((id: ScreenId) => { window.location.hash = `#/${id}`; }, []);
  return [screen, go];
}
