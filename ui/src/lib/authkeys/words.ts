// Plain words for the head-unit authentication keys: reasons, states, time left, error advice.
import type { KeyReason, KeyState } from '../bindings';
import { errorCode } from '../app/errors';

export const KEY_REASONS: readonly KeyReason[] = ['software_update', 'head_unit_reset', 'new_device'];

const REASON_WORDS: Record<KeyReason, { label: string; hint: string }> = {
  software_update: {
    label: 'After a software update',
    hint: 'The head unit asks for a key once its software has been updated.',
  },
  head_unit_reset: {
    label: 'After a head-unit reset',
    hint: 'The head unit was reset to factory settings or replaced.',
  },
  new_device: {
    label: 'Pairing a new phone',
    hint: 'You are connecting a new phone or device to the car.',
  },
};

export function reasonLabel(reason: KeyReason): string {
  return REASON_WORDS[reason]?.label ?? reason;
}

export function reasonHint(reason: KeyReason): string {
  return REASON_WORDS[reason]?.hint ?? '';
}

const STATE_WORDS: Record<KeyState, string> = {
  live: 'Valid',
  used: 'Used',
  expired: 'Expired',
  revoked: 'Revoked',
};

export function stateLabel(state: KeyState): string {
  return STATE_WORDS[state] ?? state;
}

/** Why a key stopped working before it was used; null for the states that say it themselves. */
export function stateExplanation(state: KeyState): string | null {
  return state === 'revoked'
    ? 'Revoked: the car was reported stolen or sold, or its SMS code was entered wrong too often.'
    : null;
}

/** Whole seconds from `now` until `iso` (0 once it has passed, or when it is not a date). */
export function secondsUntil(iso: string, now: number): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** "23 h 59 min 05 s", "4 min 09 s", "42 s". */
export function formatTimeLeft(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours} h ${pad(minutes)} min ${pad(rest)} s`;
  if (minutes > 0) return `${minutes} min ${pad(rest)} s`;
  return `${rest} s`;
}

/** What to do about a key that could not be generated; null when the message says it all. */
export function generateAdvice(error: unknown): string | null {
  switch (errorCode(error)) {
    case 'phone_required':
      return 'This car (firmware 3.0 or newer) sends a code to your phone after the key. Add your phone number in Account, then generate the key again.';
    case 'auth_key_limit':
      return 'The car already has 3 valid keys, the most it allows. Use one of them at the head unit, or wait until one expires (24 hours after it was made).';
    case 'auth_key_daily_limit':
      return 'You have made 5 keys today, the most for one day. Use a key you already have, or try again tomorrow.';
    case 'vehicle_not_active':
      return 'Keys are only for a car that is linked and active. Finish its activation on the Vehicle screen first.';
    case 'phone_too_new':
      return 'The code after the key goes to your phone, and a number changed in the last 24 hours gets none yet, so nobody who took over your account can pair a car at once. Generate the key once the 24 hours are over.';
    case 'vehicle_reported_stolen':
      return 'No keys are made for a car reported stolen. When you have it back, withdraw the report on the car’s page.';
    case 'owner_only':
      return 'Only the car’s owner can make keys. Ask the owner to make one for you.';
    default:
      return null;
  }
}
