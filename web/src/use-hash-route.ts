// The screen and the profile in the address (#/rules, #/coverage?profile=traefik), so that both survive a reload and can be linked.
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_PROFILE } from './api/client.ts';

export const SCREENS = [
  { id: 'rules', label: 'Rules' },
  { id: 'tester', label: 'Tester' },
  { id: 'coverage', label: 'Coverage' },
  { id: 'presets', label: 'Presets' },
  { id: 'sockets', label: 'Sockets' },
  { id: 'log', label: 'Live log' },
  { id: 'search', label: 'Log search' },
  { id: 'stats', label: 'Stats' },
  { id: 'learn', label: 'Learn' },
  { id: 'transfer', label: 'Import / export' },
  { id: 'history', label: 'History' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

/** The screens that work on one profile, and so show the profile picker. */
export const PROFILE_SCREENS: readonly ScreenId[] = ['rules', 'tester', 'coverage', 'presets', 'transfer', 'history'];

export interface Route {
  readonly screen: ScreenId;
  readonly profile: string;
}

function read(): Route {
  const [path = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  const screen = SCREENS.find((s) => s.id === path)?.id ?? 'rules';
  return { screen, profile: new URLSearchParams(query).get('profile') || DEFAULT_PROFILE };
}

export function routeHref(route: Route): string {
  return `#/${route.screen}${route.profile === DEFAULT_PROFILE ? '' : `?profile=${encodeURIComponent(route.profile)}`}`;
}

export function useHashRoute(): [Route, (patch: Partial<Route>) => void] {
  const [route, setRoute] = useState<Route>(read);
  useEffect(() => {
    const onHash = (): void => setRoute(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((patch: Partial<Route>) => {
    window.location.hash = routeHref({ ...read(), ...patch });
  }, []);
  return [route, go];
}
