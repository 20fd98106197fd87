/**
 * Seconds left until something may be tried again (a resend, a sign-in after too many attempts),
 * ticking once a second. `start(0)` or `stop()` ends it at once.
 */
export class Countdown {
  remaining = $state(0);
  #deadline = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  get running(): boolean {
    return this.remaining > 0;
  }

  start(seconds: number): void {
    this.stop();
    if (!(seconds > 0)) return;
    this.#deadline = Date.now() + seconds * 1000;
    this.remaining = Math.ceil(seconds);
    this.#timer = setInterval(() => this.#tick(), 1000);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.remaining = 0;
  }

  #tick(): void {
    const left = Math.ceil((this.#deadline - Date.now()) / 1000);
    if (left <= 0) this.stop();
    else this.remaining = left;
  }
}

/** "45 s" under a minute, "2 min 05 s" above. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${String(rest).padStart(2, '0')} s`;
}
