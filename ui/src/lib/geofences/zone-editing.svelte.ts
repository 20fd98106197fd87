// The zone being drawn, its live check by keyfob-core and its saving: the editor's state kept
// apart from the components, which only show it.
import type { Backend } from '../backend/backend';
import { errorField } from '../app/errors';
import { isAppError } from '../backend/backend';
import type { ZoneView } from '../bindings';
import { LiveCheck, type Problem } from './live-check.svelte';
import { zoneRequest, type ZoneDraft } from './zone-draft';

/** The fields the editor shows a problem under, as keyfob-core names them. */
export const ZONE_FIELDS = ['name', 'radius', 'shape', 'schedule'] as const;

export class ZoneEditing {
  draft = $state<ZoneDraft | null>(null);
  saving = $state(false);
  /** The server's refusal of the last save when it is about a field; it stays until the form changes. */
  serverProblem = $state<{ key: string; problem: Problem } | null>(null);
  /** A failed save that is not about a field (no connection, the zone limit). */
  saveError = $state<unknown>(null);

  readonly check = new LiveCheck();
  built = $derived(this.draft ? zoneRequest(this.draft) : null);
  /** The form's contents as text: what a check or a refusal was for. */
  key = $derived(JSON.stringify(this.built));

  constructor(
    private readonly backend: Backend,
    /** True when the error ended the session (the screen then leaves). */
    private readonly sessionEnded: (error: unknown) => boolean,
  ) {}

  /** The problem to show now: the server's for this very form, else keyfob-core's. */
  get problem(): Problem | null {
    if (this.serverProblem && this.serverProblem.key === this.key) return this.serverProblem.problem;
    return this.check.problem;
  }

  /**
   * Save waits only on a known problem: while keyfob-core's answer for the latest change is on
   * its way, Save is allowed and waits for it, so a quick tap after typing is not lost.
   */
  get canSave(): boolean {
    return this.draft !== null && !this.saving && this.problem === null;
  }

  open(draft: ZoneDraft): void {
    this.draft = draft;
    this.serverProblem = null;
    this.saveError = null;
  }

  close(): void {
    this.draft = null;
    this.serverProblem = null;
    this.saveError = null;
  }

  /** Checks the form as it is now; the component's effect calls it on every change. */
  async runCheck(): Promise<void> {
    const built = this.built;
    const key = this.key;
    if (!built) return;
    if (!built.ok) {
      this.check.local(key, built.problem);
      return;
    }
    await this.check.run(key, () => this.backend.zoneCheck(built.request));
  }

  /** Saves the zone; returns it as saved, or null when it was not. */
  async save(vehicleId: string): Promise<ZoneView | null> {
    if (!this.canSave) return null;
    this.saving = true;
    this.saveError = null;
    this.serverProblem = null;
    const key = this.key;
    try {
      if (!this.check.passes(key)) await this.runCheck();
      const draft = this.draft;
      const built = this.built;
      // The form cannot change while saving (its fields are disabled), so the check is for it.
      if (!draft || !built?.ok || !this.check.passes(key)) return null;
      const saved = await this.backend.saveZone(vehicleId, draft.zoneId, built.request);
      if (this.draft === draft) this.close();
      return saved;
    } catch (error) {
      if (this.sessionEnded(error)) return null;
      const field = errorField(error);
      if (isAppError(error) && field && (ZONE_FIELDS as readonly string[]).includes(field)) {
        this.serverProblem = { key, problem: { field, message: error.message, code: error.code } };
      } else {
        this.saveError = error;
      }
      return null;
    } finally {
      this.saving = false;
    }
  }
}
