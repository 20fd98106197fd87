// keyfob-core's check of a form, run again on every change. Answers can come back out of order,
// so only the newest counts, and Save is allowed only once the form as it is now has passed.
import type { AppError } from '../bindings';
import { LatestOnly } from '../shared/latest';

/** A problem the form shows under a field: from keyfob-core, the server, or the form itself. */
export interface Problem {
  field: string | null;
  message: string;
  code?: string;
}

export class LiveCheck {
  /** The newest answer's problem; null when that answer found none. */
  problem = $state<Problem | null>(null);
  /** What the newest answer was for (a key of the form's contents). */
  checkedKey = $state<string | null>(null);

  readonly #latest = new LatestOnly();

  /** Asks keyfob-core about the form as `key` describes it. */
  async run(key: string, check: () => Promise<AppError | null>): Promise<void> {
    try {
      const outcome = await this.#latest.run(check);
      if (!outcome.current) return;
      this.problem = outcome.value
        ? { field: outcome.value.field, message: outcome.value.message, code: outcome.value.code }
        : null;
    } catch {
      // The check itself could not run (a bug, not the form): the server checks again on save.
      this.problem = null;
    }
    this.checkedKey = key;
  }

  /** A problem found before keyfob-core could be asked (a field that is not a number). */
  local(key: string, problem: Problem): void {
    this.#latest.cancel();
    this.problem = problem;
    this.checkedKey = key;
  }

  /** Whether the form as `key` describes it has been checked and passed. */
  passes(key: string): boolean {
    return this.checkedKey === key && this.problem === null;
  }

  /** Whether the answer for `key` is still on its way. */
  pending(key: string): boolean {
    return this.checkedKey !== key;
  }
}
