import { describe, expect, it } from 'vitest';
import { href, paramsFromHash, routeFromHash, ROUTES } from './routes';

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
    ['#/sign-in?next=%2Fvehicles', 'sign-in'],
    ['#/vehicles/link', 'link-vehicle'],
    ['#/vehicle?id=veh_1', 'vehicle'],
    ['#/vehicle/send?id=veh_1', 'send-to-car'],
    ['#/vehicle/geofences?id=veh_1', 'geofences'],
    ['#/vehicle/alerts?id=veh_1', 'alerts'],
    ['#/vehicle/auth-keys?id=veh_1', 'auth-keys'],
    ['#/confirm-email?email=a%40b.test', 'confirm-email'],
    ['#/mailbox', 'mailbox'],
    ['#/head-unit?vin=SJNTAAJ11SU512207', 'head-unit'],
    ['#/?notice=account-deleted', 'welcome'],
    ['#/vin/extra', 'not-found'],
  ])('%j is %s', (hash, route) => {
    expect(routeFromHash(hash)).toBe(route);
  });

  it('lists every screen once, Help last in the navigation, with its own icon', () => {
    expect(ROUTES.map((r) => r.id)).toEqual([
      'welcome',
      'dashboard',
      'vehicles',
      'link-vehicle',
      'vehicle',
      'diagnostics',
      'send-to-car',
      'find-car',
      'geofences',
      'alerts',
      'auth-keys',
      'subscription',
      'invitations',
      'account',
      'nissanconnect',
      'sign-in',
      'register',
      'confirm-email',
      'forgot-password',
      'reset-password',
      'mailbox',
      'start',
      'head-unit',
      'vin-check',
      'password-check',
      'help',
    ]);
    expect(new Set(ROUTES.map((r) => r.path)).size).toBe(ROUTES.length);
    expect(ROUTES.at(-1)).toMatchObject({ path: '/help', label: 'Help', icon: 'help' });
    expect(href('help')).toBe('#/help');
  });

  it('round-trips every route through href', () => {
    for (const route of ROUTES) {
      expect(routeFromHash(href(route.id))).toBe(route.id);
    }
  });
});

describe('href and paramsFromHash', () => {
  it('puts parameters after the path and reads them back', () => {
    const link = href('confirm-email', { email: 'new.owner@example.com' });
    expect(link).toBe('#/confirm-email?email=new.owner%40example.com');
    expect(paramsFromHash(link).get('email')).toBe('new.owner@example.com');
  });

  it('keeps a nested path in a parameter', () => {
    const link = href('sign-in', { next: '/vehicle?id=veh_1' });
    expect(routeFromHash(link)).toBe('sign-in');
    expect(paramsFromHash(link).get('next')).toBe('/vehicle?id=veh_1');
  });

  it('marks the mailbox and the head unit as sandbox-only', () => {
    expect(ROUTES.filter((r) => r.sandboxOnly).map((r) => r.id)).toEqual(['mailbox', 'head-unit']);
  });

  it('leaves the Keyfob-account screens and VIN linking out of personal mode', () => {
    expect(ROUTES.filter((r) => r.notPersonal).map((r) => r.id)).toEqual([
      'link-vehicle',
      'invitations',
      'register',
      'confirm-email',
      'forgot-password',
      'reset-password',
    ]);
    expect(ROUTES.find((r) => r.id === 'nissanconnect')).toMatchObject({
      path: '/nissanconnect',
      label: 'NissanConnect',
      audience: 'signed-in',
    });
  });
});
