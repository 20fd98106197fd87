// Errors that mean the session on this device is over: the person has to sign in again.
import type { Session } from './session.svelte';
import { currentPath, redirect } from './navigation';
import { errorCode } from './errors';

export const SESSION_ENDED_CODES: readonly string[] = [
  'unauthenticated',
  'session_revoked',
  'session_expired',
  'refresh_token_invalid',
  'refresh_token_reused',
  'not_signed_in',
];

/** True when the error says the session ended (expired, revoked, signed out elsewhere). */
export function endsSession(error: unknown): boolean {
  const code = errorCode(error);
  return code !== null && SESSION_ENDED_CODES.includes(code);
}

/**
 * When `error` ends the session: forgets the account and sends the person to Sign in, which
 * says why and brings them back here afterwards. Returns true when it did, so a screen can stop.
 */
export function handleSessionEnd(session: Session, error: unknown, win: Window = window): boolean {
  if (!endsSession(error)) return false;
  const next = currentPath(win);
  session.signedOut();
  redirect('sign-in', { next, reason: 'session-ended' }, win);
  return true;
}
