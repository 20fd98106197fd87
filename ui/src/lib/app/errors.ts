// Small helpers for the `AppError`s every backend call rejects with.
import { isAppError } from '../backend/backend';

/** The server or the sandbox could not be reached, or did not answer in time. */
export const CONNECTION_CODES: readonly string[] = [
  'unreachable',
  'timeout',
  'request_timeout',
  'service_unavailable',
];

/** The error's code, or null for something that is not an `AppError` (a bug). */
export function errorCode(error: unknown): string | null {
  return isAppError(error) ? error.code : null;
}

export function isConnectionError(error: unknown): boolean {
  return isAppError(error) && CONNECTION_CODES.includes(error.code);
}

/** Failures on the way (not answers about the input) that may pass when tried again. */
const TRANSIENT_CODES: readonly string[] = ['internal', 'sandbox_failed', 'unexpected_response'];

/** Whether repeating the same action, unchanged, has a chance of working. */
export function canRetry(error: unknown): boolean {
  return !isAppError(error) || isConnectionError(error) || TRANSIENT_CODES.includes(error.code);
}

/** Seconds the server asked to wait before trying again, or 0. */
export function retryAfter(error: unknown): number {
  if (!isAppError(error)) return 0;
  const seconds = error.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 0;
}

/** The form field an error belongs to (`email`, `password`, …), or null. */
export function errorField(error: unknown): string | null {
  return isAppError(error) && typeof error.field === 'string' && error.field !== ''
    ? error.field
    : null;
}
