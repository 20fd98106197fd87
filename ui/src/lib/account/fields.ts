// Puts a server error on the form field it is about.
import { errorField } from '../app/errors';

/** Codes that belong to a field even when the error does not name one. */
const FIELD_OF_CODE: Record<string, string> = {
  email_invalid: 'email',
  email_taken: 'email',
  password_too_short: 'password',
  password_too_long: 'password',
  password_no_capital: 'password',
  password_common: 'password',
  nickname_length: 'nickname',
  nickname_character: 'nickname',
  nickname_taken: 'nickname',
  region_unknown: 'region',
  phone_invalid: 'phone',
  nissanconnect_credentials: 'password',
};

/** The field among `fields` the error belongs to, or null for an error of the whole form. */
export function fieldFor<F extends string>(error: unknown, fields: readonly F[]): F | null {
  const named = errorField(error);
  if (named && (fields as readonly string[]).includes(named)) return named as F;
  const code = (error as { code?: unknown } | null)?.code;
  const byCode = typeof code === 'string' ? FIELD_OF_CODE[code] : undefined;
  if (byCode && (fields as readonly string[]).includes(byCode)) return byCode as F;
  return null;
}
