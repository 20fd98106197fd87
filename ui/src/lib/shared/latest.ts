export type Outcome<T> = { current: true; value: T } | { current: false };

/**
 * Runs asynchronous checks where only the newest one counts. Answers can arrive out of order
 * (each keystroke starts a check), so an older answer must never overwrite a newer one.
 */
export class LatestOnly {
  #sequence = 0;

  /** Resolves with the task's value while it is still the newest; a stale failure is dropped. */
  async run<T>(task: () => Promise<T>): Promise<Outcome<T>> {
    const ticket = ++this.#sequence;
    try {
      const value = await task();
      return ticket === this.#sequence ? { current: true, value } : { current: false };
    } catch (error) {
      if (ticket === this.#sequence) throw error;
      return { current: false };
    }
  }

  /** Makes every check in flight stale, e.g. when the field is cleared. */
  cancel(): void {
    this.#sequence++;
  }
}
