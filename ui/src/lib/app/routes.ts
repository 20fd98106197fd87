import type { IconName } from '../shared/icons';

export type ScreenId =
  | 'welcome'
  | 'start'
  | 'sign-in'
  | 'register'
  | 'confirm-email'
  | 'forgot-password'
  | 'reset-password'
  | 'mailbox'
  | 'account'
  | 'nissanconnect'
  | 'vehicles'
  | 'dashboard'
  | 'link-vehicle'
  | 'vehicle'
  | 'diagnostics'
  | 'send-to-car'
  | 'find-car'
  | 'geofences'
  | 'alerts'
  | 'auth-keys'
  | 'subscription'
  | 'invitations'
  | 'head-unit'
  | 'vin-check'
  | 'password-check'
  | 'help';
export type RouteId = ScreenId | 'not-found';

/** Who may see a screen: anyone, only signed-out people, or only a signed-in account. */
export type Audience = 'anyone' | 'signed-out' | 'signed-in';

export interface Route {
  id: ScreenId;
  path: string;
  label: string;
  icon: IconName;
  audience: Audience;
  /** Listed in the navigation menu (for its audience). */
  nav: boolean;
  /** Only when the app runs on the sandbox. */
  sandboxOnly?: boolean;
  /**
   * Not in personal mode, which has no Keyfob account to register, confirm or share, and takes
   * its cars from NissanConnect rather than by VIN.
   */
  notPersonal?: boolean;
}

/** The screens, in navigation order. */
export const ROUTES: readonly Route[] = [
  { id: 'welcome', path: '/', label: 'Welcome', icon: 'home', audience: 'anyone', nav: true },
  { id: 'dashboard', path: '/dashboard', label: 'Dashboard', icon: 'gauge', audience: 'signed-in', nav: true },
  { id: 'vehicles', path: '/vehicles', label: 'My vehicles', icon: 'car', audience: 'signed-in', nav: true },
  { id: 'link-vehicle', path: '/vehicles/link', label: 'Link a vehicle', icon: 'plus', audience: 'signed-in', nav: false, notPersonal: true },
  { id: 'vehicle', path: '/vehicle', label: 'Vehicle', icon: 'car', audience: 'signed-in', nav: false },
  { id: 'diagnostics', path: '/vehicle/diagnostics', label: 'Diagnostics', icon: 'gauge', audience: 'signed-in', nav: false },
  { id: 'send-to-car', path: '/vehicle/send', label: 'Send to car', icon: 'send', audience: 'signed-in', nav: false },
  { id: 'find-car', path: '/vehicle/find', label: 'Find my car', icon: 'pin', audience: 'signed-in', nav: false },
  { id: 'geofences', path: '/vehicle/geofences', label: 'Geofences', icon: 'fence', audience: 'signed-in', nav: false },
  { id: 'alerts', path: '/vehicle/alerts', label: 'Alerts', icon: 'bell', audience: 'signed-in', nav: false },
  { id: 'auth-keys', path: '/vehicle/auth-keys', label: 'Authentication keys', icon: 'key', audience: 'signed-in', nav: false },
  { id: 'subscription', path: '/vehicle/subscription', label: 'Subscription', icon: 'key', audience: 'signed-in', nav: false },
  { id: 'invitations', path: '/invitations', label: 'Invitations', icon: 'users', audience: 'signed-in', nav: true, notPersonal: true },
  { id: 'account', path: '/account', label: 'Account', icon: 'user', audience: 'signed-in', nav: true },
  { id: 'nissanconnect', path: '/nissanconnect', label: 'NissanConnect', icon: 'link', audience: 'signed-in', nav: false },
  { id: 'sign-in', path: '/sign-in', label: 'Sign in', icon: 'user', audience: 'signed-out', nav: true },
  { id: 'register', path: '/register', label: 'Create account', icon: 'plus', audience: 'signed-out', nav: true, notPersonal: true },
  { id: 'confirm-email', path: '/confirm-email', label: 'Confirm email', icon: 'mail', audience: 'anyone', nav: false, notPersonal: true },
  { id: 'forgot-password', path: '/forgot-password', label: 'Forgot password', icon: 'lock', audience: 'signed-out', nav: false, notPersonal: true },
  { id: 'reset-password', path: '/reset-password', label: 'Reset password', icon: 'lock', audience: 'anyone', nav: false, notPersonal: true },
  { id: 'mailbox', path: '/mailbox', label: 'Sandbox mailbox', icon: 'mail', audience: 'anyone', nav: true, sandboxOnly: true },
  { id: 'start', path: '/start', label: 'Choose a backend', icon: 'server', audience: 'anyone', nav: false },
  { id: 'head-unit', path: '/head-unit', label: 'Head unit', icon: 'car', audience: 'anyone', nav: false, sandboxOnly: true },
  { id: 'vin-check', path: '/vin', label: 'Check a VIN', icon: 'scan', audience: 'anyone', nav: true },
  { id: 'password-check', path: '/password', label: 'Password checker', icon: 'lock', audience: 'anyone', nav: true },
  { id: 'help', path: '/help', label: 'Help', icon: 'help', audience: 'anyone', nav: true },
];

/** The address of a screen, with its parameters (`href('vehicle', {id: 'veh_1'})`). */
export function href(id: ScreenId, params: Record<string, string> = {}): string {
  const route = ROUTES.find((r) => r.id === id);
  const query = new URLSearchParams(params).toString();
  return `#${route?.path ?? '/'}${query ? `?${query}` : ''}`;
}

/** Goes to a screen; Back returns to the one before. */
export function navigate(id: ScreenId, params: Record<string, string> = {}, win: Window = window): void {
  win.location.hash = href(id, params);
}

/** `#/vin`, `#/vin/`, `#vin` and `#/vin?x` all mean the VIN screen; no hash means Welcome. */
export function routeFromHash(hash: string): RouteId {
  const path = hash.replace(/^#/, '').split(/[?#]/)[0] ?? '';
  const normalized = `/${path.replace(/^\/+|\/+$/g, '')}`;
  return ROUTES.find((r) => r.path === normalized)?.id ?? 'not-found';
}

/** The parameters after `?` in the hash: `#/vehicle?id=veh_1` gives `id=veh_1`. */
export function paramsFromHash(hash: string): URLSearchParams {
  const query = hash.replace(/^#/, '').split('?')[1] ?? '';
  return new URLSearchParams(query.split('#')[0]);
}
