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
    ['#/garage', 'not-found'],
    ['#/vin/extra', 'not-found'],
  ])('%j is %s', (hash, route) => {
    expect(routeFromHash(hash)).toBe(route);
  });

  it('round-trips every route through href', () => {
    for (const route of ROUTES) {
      expect(routeFromHash(href(route.id))).toBe(route.id);
    }
  });
});
