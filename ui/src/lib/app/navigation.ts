// Navigation helpers on top of routes.ts: redirects that do not leave a trap in the history,
// and the "come back here after signing in" address.
import { href, ROUTES, routeFromHash, type ScreenId } from './routes';

/** Goes to a screen in place of the current one, so Back does not return to a guarded page. */
export function redirect(id: ScreenId, params: Record<string, string> = {}, win: Window = window): void {
  const target = href(id, params);
  if (win.location.hash === target) return;
  win.location.replace(target);
}

/** The current screen's path and query (`/vehicle?id=veh_1`), as kept in `next`. */
export function currentPath(win: Window = window): string {
  const path = win.location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * The screen to open after signing in: `next` when it names a screen a signed-in person may see,
 * otherwise My vehicles. Only in-app paths are followed.
 */
export function afterSignIn(next: string | null | undefined): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) {
    const id = routeFromHash(`#${next}`);
    const route = ROUTES.find((r) => r.id === id);
    if (route && route.audience !== 'signed-out' && route.id !== 'welcome' && route.id !== 'start') {
      return `#${next}`;
    }
  }
  return href('vehicles');
}
