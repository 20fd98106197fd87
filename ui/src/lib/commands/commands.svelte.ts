// The dashboard's remote commands: one attempt per control group at a time, fed by the live
// stream, with the "is it you?" step in between when Rust asks for it.
import type { CommandKind, CommandUpdate } from '../bindings';
import type { Backend } from '../backend/backend';
import { CommandAttempt } from './attempt.svelte';

export type Slot = 'engine' | 'locks' | 'signal' | 'charging' | 'climate';

export class CommandDesk {
  attempts = $state<Partial<Record<Slot, CommandAttempt>>>({});
  /** The attempt waiting for the password or PIN. */
  waitingForIdentity = $state<{ slot: Slot; attempt: CommandAttempt } | null>(null);
  /** Updates for commands whose send answer has not come back yet, by command id. */
  readonly #early = new Map<string, CommandUpdate>();

  constructor(
    private readonly backend: Backend,
    private readonly vehicleId: string,
  ) {}

  /** Starts a new attempt (a new key) for the group. */
  run(slot: Slot, kind: CommandKind): Promise<void> {
    const attempt = new CommandAttempt(this.vehicleId, kind);
    this.attempts = { ...this.attempts, [slot]: attempt };
    return this.#send(slot, attempt);
  }

  /** Sends the group's attempt again with the same key, after a failure on the way. */
  retry(slot: Slot): Promise<void> {
    const attempt = this.attempts[slot];
    return attempt ? this.#send(slot, attempt) : Promise.resolve();
  }

  /** The password or PIN was confirmed: the waiting attempt goes, same key. */
  identityConfirmed(): Promise<void> {
    const waiting = this.waitingForIdentity;
    this.waitingForIdentity = null;
    return waiting ? this.#send(waiting.slot, waiting.attempt) : Promise.resolve();
  }

  identityCancelled(): void {
    this.waitingForIdentity = null;
  }

  busy(slot: Slot): boolean {
    const attempt = this.attempts[slot];
    if (!attempt) return false;
    if (attempt.sending) return true;
    const state = attempt.command?.state.state;
    return state === 'requested' || state === 'delivered';
  }

  /** A live update: to the attempt it belongs to, or kept until its send answer arrives. */
  receive(update: CommandUpdate): void {
    if (update.vehicleId !== this.vehicleId) return;
    const owner = Object.values(this.attempts).find((a) => a?.command?.id === update.command.id);
    if (owner) owner.apply(update.command, update.explanation);
    else this.#early.set(update.command.id, update);
  }

  async #send(slot: Slot, attempt: CommandAttempt): Promise<void> {
    await attempt.send(this.backend, (id) => this.#early.get(id));
    if (attempt.command) this.#early.delete(attempt.command.id);
    if (attempt.needsIdentity && this.attempts[slot] === attempt) {
      this.waitingForIdentity = { slot, attempt };
    }
  }
}
