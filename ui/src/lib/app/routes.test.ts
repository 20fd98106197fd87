import { describe, expect, it } from 'vitest';
import { href, routeFromHash, ROUTES } from './routes';

describe('routeFromHash', () => {
  it.each([
    ['', 'welcome'],
    ['#', 'welcome'],
    ['#/', 'welcome'],
    ['#/vin', 'vin-check'],
    ['#/vin/', 'vin-check'],
    ['#vin', 'vin-check'],
    ['#/vin?from=welcome', 'vin-check'],
    ['#/password', 'password-check'],
    ['#/help', 'help'],
    ['#help/', 'help'],
    ['#/help?topic=vin', 'help'],
    ['#/help/vin', 'not-found'],
    ['#/garage', 'not-found'],
    ['#/vin/extra', 'not-found'],
  ])('%j is %s', (hash, route) => {
    expect(routeFromHash(hash)).toBe(route);
  });

  it('lists Help last in the navigation, with its own icon', () => {
    expect(ROUTES.map((r) => r.id)).toEqual(['welcome', 'vin-check', 'password-check', 'help']);
    expect(ROUTES.at(-1)).toMatchObject({ path: '/help', label: 'Help', icon: 'help' });
    expect(href('help')).toBe('#/help');
  });

  it('round-trips every route through href', () => {
    for (const route of ROUTES) {
      expect(routeFromHash(href(route.id))).toBe(route.id);
    }
  });
});
