import type { IconName } from '../shared/icons';

export type ScreenId = 'welcome' | 'vin-check' | 'password-check' | 'help';
export type RouteId = ScreenId | 'not-found';

export interface Route {
  id: ScreenId;
  path: string;
  label: string;
  icon: IconName;
}

/** The screens, in navigation order. */
export const ROUTES: readonly Route[] = [
  { id: 'welcome', path: '/', label: 'Welcome', icon: 'home' },
  { id: 'vin-check', path: '/vin', label: 'Check a VIN', icon: 'scan' },
  { id: 'password-check', path: '/password', label: 'Password checker', icon: 'lock' },
  { id: 'help', path: '/help', label: 'Help', icon: 'help' },
];

export function href(id: ScreenId): string {
  const route = ROUTES.find((r) => r.id === id);
  return `#${route?.path ?? '/'}`;
}

/** `#/vin`, `#/vin/`, `#vin` and `#/vin?x` all mean the VIN screen; no hash means Welcome. */
export function routeFromHash(hash: string): RouteId {
  const path = hash.replace(/^#/, '').split(/[?#]/)[0] ?? '';
  const normalized = `/${path.replace(/^\/+|\/+$/g, '')}`;
  return ROUTES.find((r) => r.path === normalized)?.id ?? 'not-found';
}
