import type { VinReport } from '../bindings';
import type { Backend } from '../backend';
import { LatestOnly } from '../shared/latest';

/** The state behind the "Check a VIN" screen: what was typed and the newest report for it. */
export class VinCheck {
  input = $state('');
  report: VinReport | null = $state(null);
  failed = $state(false);

  readonly #latest = new LatestOnly();

  constructor(private readonly backend: Backend) {}

  async check(input: string = this.input): Promise<void> {
    this.input = input;
    if (input === '') {
      this.clear();
      return;
    }
    try {
      const outcome = await this.#latest.run(() => this.backend.vinCheck(input));
      if (!outcome.current) return;
      this.report = outcome.value;
      this.failed = false;
    } catch {
      // The report on screen belongs to an older input; showing it beside the error would mislead.
      this.report = null;
      this.failed = true;
    }
  }

  clear(): void {
    this.#latest.cancel();
    this.input = '';
    this.report = null;
    this.failed = false;
  }
}
