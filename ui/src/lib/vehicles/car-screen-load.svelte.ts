// The loading every screen about one car (named by `?id=` in the address) shares: only the
// newest load counts (the person may switch cars while an answer is on its way), a load shows
// progress, and a failure is kept to show unless it ended the session.

export class CarScreenLoad {
  loading = $state(true);
  error = $state<unknown>(null);
  #ticket = 0;

  /** `endsSession` handles a failure that ended the session (and says so with true). */
  constructor(private readonly endsSession: (error: unknown) => boolean) {}

  /** Runs a load; its `current()` turns false once a newer load, or `stop`, replaced it. */
  async run(load: (current: () => boolean) => Promise<void>): Promise<void> {
    const current = this.currentCheck(++this.#ticket);
    this.loading = true;
    this.error = null;
    try {
      await load(current);
    } catch (error) {
      if (current() && !this.endsSession(error)) this.error = error;
    } finally {
      if (current()) this.loading = false;
    }
  }

  /** A check that stays true until the next load, for work started after this one (paging). */
  latest(): () => boolean {
    return this.currentCheck(this.#ticket);
  }

  /** No car named: nothing to load, and answers still on their way are dropped. */
  stop(): void {
    this.#ticket++;
    this.loading = false;
    this.error = null;
  }

  private currentCheck(ticket: number): () => boolean {
    return () => ticket === this.#ticket;
  }
}
