import { describe, expect, it } from 'vitest';
import { existsFor, navRoutes, redirectFor, routeById, type Viewer } from './access';
import { afterSignIn, currentPath, redirect } from './navigation';
import { endsSession } from './session-errors';
import { appError } from '../backend/fixtures';
import { canRetry, isConnectionError, retryAfter } from './errors';

const out: Viewer = { signedIn: false, mode: 'sandbox' };
const inn: Viewer = { signedIn: true, mode: 'sandbox' };
const server: Viewer = { signedIn: true, mode: 'server' };
const personal: Viewer = { signedIn: true, mode: 'personal' };
const personalOut: Viewer = { signedIn: false, mode: 'personal' };

describe('redirectFor', () => {
  it.each([
    ['vehicles', out, 'sign-in'],
    ['account', out, 'sign-in'],
    ['invitations', out, 'sign-in'],
    ['sign-in', out, null],
    ['welcome', out, null],
    ['sign-in', inn, 'vehicles'],
    ['register', inn, 'vehicles'],
    ['forgot-password', inn, 'vehicles'],
    ['welcome', inn, 'vehicles'],
    ['confirm-email', inn, null],
    ['reset-password', out, null],
    ['help', inn, null],
    ['not-found', out, null],
  ] as const)('%s for %o → %s', (route, viewer, target) => {
    expect(redirectFor(route, viewer)).toBe(target);
  });
});

describe('navRoutes', () => {
  it('lists only what the person can open on this backend', () => {
    expect(navRoutes(out).map((r) => r.id)).toEqual([
      'welcome',
      'sign-in',
      'register',
      'mailbox',
      'vin-check',
      'password-check',
      'help',
    ]);
    expect(navRoutes(server).map((r) => r.id)).toEqual([
      'dashboard',
      'vehicles',
      'invitations',
      'account',
      'vin-check',
      'password-check',
      'help',
    ]);
  });

  it('has no invitations, registration or mailbox in personal mode', () => {
    expect(navRoutes(personal).map((r) => r.id)).toEqual([
      'dashboard',
      'vehicles',
      'account',
      'vin-check',
      'password-check',
      'help',
    ]);
    expect(navRoutes(personalOut).map((r) => r.id)).toEqual([
      'welcome',
      'sign-in',
      'vin-check',
      'password-check',
      'help',
    ]);
  });
});

describe('existsFor in personal mode', () => {
  it.each([
    ['register', false],
    ['forgot-password', false],
    ['reset-password', false],
    ['confirm-email', false],
    ['invitations', false],
    ['link-vehicle', false],
    ['sign-in', true],
    ['nissanconnect', true],
    ['vehicles', true],
  ] as const)('%s exists: %s', (id, exists) => {
    expect(existsFor(routeById(id)!, personal)).toBe(exists);
    expect(existsFor(routeById(id)!, server)).toBe(true);
  });
});

describe('afterSignIn', () => {
  it.each([
    [null, '#/vehicles'],
    ['', '#/vehicles'],
    ['/vehicle?id=veh_1', '#/vehicle?id=veh_1'],
    ['/account', '#/account'],
    ['/help', '#/help'],
    ['/sign-in', '#/vehicles'],
    ['/', '#/vehicles'],
    ['/start', '#/vehicles'],
    ['//evil.example', '#/vehicles'],
    ['https://evil.example', '#/vehicles'],
    ['/garage', '#/vehicles'],
  ])('%j → %s', (next, target) => {
    expect(afterSignIn(next)).toBe(target);
  });
});

describe('redirect and currentPath', () => {
  it('replaces the current address', () => {
    window.location.hash = '#/vehicle?id=veh_1';
    expect(currentPath()).toBe('/vehicle?id=veh_1');
    const before = window.history.length;
    redirect('sign-in', { next: currentPath() });
    expect(window.location.hash).toBe('#/sign-in?next=%2Fvehicle%3Fid%3Dveh_1');
    expect(window.history.length).toBe(before);
  });
});

describe('error helpers', () => {
  it.each([
    'unauthenticated',
    'session_revoked',
    'session_expired',
    'refresh_token_reused',
    'not_signed_in',
  ])('%s ends the session', (code) => {
    expect(endsSession(appError(code, 'x'))).toBe(true);
  });

  it('other errors do not end the session', () => {
    expect(endsSession(appError('wrong_password', 'x'))).toBe(false);
    expect(endsSession(appError('unreachable', 'x'))).toBe(false);
    expect(endsSession(new Error('bug'))).toBe(false);
  });

  it('tells connection failures and retry waits apart', () => {
    expect(isConnectionError(appError('unreachable', 'x'))).toBe(true);
    expect(isConnectionError(appError('timeout', 'x'))).toBe(true);
    expect(isConnectionError(appError('wrong_password', 'x'))).toBe(false);
    expect(canRetry(appError('timeout', 'x'))).toBe(true);
    expect(canRetry(appError('invalid_credentials', 'x'))).toBe(false);
    expect(retryAfter(appError('too_many_attempts', 'x', { retryAfterSeconds: 29.2 }))).toBe(30);
    expect(retryAfter(appError('too_many_attempts', 'x'))).toBe(0);
  });
});
