import type { AppError, VerifyLinkOutcome } from '../bindings';

/** How long Resend stays off after a send when the server names no wait of its own. */
export const RESEND_COOLDOWN_SECONDS = 60;

/** A verify link that did not confirm, shown like the same error from a pasted code. */
export function appErrorFromOutcome(outcome: VerifyLinkOutcome): AppError {
  return {
    code: outcome.code ?? 'confirmation_token_invalid',
    message: outcome.message,
    field: null,
    retryAfterSeconds: null,
  } as AppError;
}
