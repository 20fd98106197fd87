// Who may see which screen, from the route table: the App's guards and the menu both use this.
import type { BackendInfo } from '../bindings';
import { ROUTES, type Route, type RouteId } from './routes';

export interface Viewer {
  signedIn: boolean;
  mode: BackendInfo['mode'] | null;
}

export function routeById(id: RouteId): Route | undefined {
  return ROUTES.find((route) => route.id === id);
}

/** A sandbox-only screen does not exist in server mode, nor an account screen in personal mode. */
export function existsFor(route: Route, viewer: Viewer): boolean {
  if (route.sandboxOnly && viewer.mode !== 'sandbox') return false;
  return !(route.notPersonal && viewer.mode === 'personal');
}

/** Whether the route is for this person (signed in or out). */
export function audienceMatches(route: Route, viewer: Viewer): boolean {
  if (route.audience === 'anyone') return true;
  return route.audience === (viewer.signedIn ? 'signed-in' : 'signed-out');
}

/**
 * The menu: screens marked `nav`, for this person, that exist on this backend (Welcome only while
 * signed out, since it sends a signed-in person on to My vehicles).
 */
export function navRoutes(viewer: Viewer): Route[] {
  return ROUTES.filter(
    (route) =>
      route.nav &&
      audienceMatches(route, viewer) &&
      existsFor(route, viewer) &&
      redirectFor(route.id, viewer) === null,
  );
}

/**
 * Where a person who may not see `id` is sent instead, or null when they may see it.
 * Signed out on a signed-in screen → Sign in; signed in on a signed-out screen or Welcome → My
 * vehicles.
 */
export function redirectFor(id: RouteId, viewer: Viewer): 'sign-in' | 'vehicles' | null {
  const route = routeById(id);
  if (!route || !existsFor(route, viewer)) return null;
  if (!viewer.signedIn && route.audience === 'signed-in') return 'sign-in';
  if (viewer.signedIn && (route.audience === 'signed-out' || route.id === 'welcome')) {
    return 'vehicles';
  }
  return null;
}
