// One attempt at a remote command, from the tap to an honest outcome. The attempt keeps its
// idempotency key for its whole life: retrying a send that failed on the way reuses it, so
// the server answers with the command it may already have instead of sending a second one.
// A new attempt (a new key) is only ever started by the person.
import type { Command, CommandKind, CommandUpdate } from '../bindings';
import type { Backend } from '../backend/backend';
import { errorCode } from '../app/errors';

export type Step = 'sent' | 'delivered' | 'running' | 'done';
export type StepState = 'done' | 'current' | 'pending' | 'failed';

/** How far along a state is; an update never moves an attempt back. */
export function stateRank(command: Command): number {
  switch (command.state.state) {
    case 'requested':
      return 0;
    case 'delivered':
      return 1;
    case 'running':
      return 2;
    default:
      return 3;
  }
}

export function isFinal(command: Command): boolean {
  return stateRank(command) === 3;
}

function newKey(): string {
  return crypto.randomUUID();
}

export class CommandAttempt {
  readonly key = newKey();
  command = $state<Command | null>(null);
  explanation = $state<string | null>(null);
  sending = $state(false);
  /** Why the send itself failed (nothing may have reached the server); null otherwise. */
  error = $state<unknown>(null);

  constructor(
    readonly vehicleId: string,
    readonly kind: CommandKind,
  ) {}

  get label(): string {
    return this.command?.label ?? labelOf(this.kind);
  }

  /** Whether the person must confirm it is them before this attempt can go. */
  get needsIdentity(): boolean {
    return errorCode(this.error) === 'identity_required';
  }

  /** Sends, or re-sends after a failure on the way, with the same key. */
  async send(backend: Backend, known: (id: string) => CommandUpdate | undefined): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.error = null;
    try {
      const view = await backend.sendCommand(this.vehicleId, this.kind, this.key);
      this.apply(view.command, view.explanation);
      // The live stream may have told of later steps before the answer came back.
      const later = known(view.command.id);
      if (later) this.apply(later.command, later.explanation);
    } catch (error) {
      this.error = error;
    } finally {
      this.sending = false;
    }
  }

  /** Takes a live update of this attempt's command, if it is newer. */
  apply(command: Command, explanation: string | null): void {
    if (this.command && this.command.id !== command.id) return;
    if (this.command && stateRank(command) < stateRank(this.command)) return;
    this.command = command;
    this.explanation = explanation;
  }

  get finished(): boolean {
    return this.command !== null && isFinal(this.command);
  }

  /** The steps shown: sent → delivered → engine running (a start) or done (anything else). */
  steps(): { step: Step; label: string; state: StepState }[] {
    const last: { step: Step; label: string; rank: number } =
      this.kind.kind === 'engine_start'
        ? { step: 'running', label: 'Engine running', rank: 2 }
        : { step: 'done', label: 'Done', rank: 3 };
    const steps = [
      { step: 'sent' as Step, label: 'Sent', rank: 0 },
      { step: 'delivered' as Step, label: 'Delivered to the car', rank: 1 },
      last,
    ];
    const command = this.command;
    const outcome = command?.state.state;
    // Expired never reached the car; a refusal or a lost answer happened at the last step.
    const failedAt = outcome === 'expired' ? 1 : outcome === 'failed' || outcome === 'unknown' ? 2 : null;
    const reached = command === null ? -1 : stateRank(command);
    const current = steps.findIndex((item) => item.rank > reached);
    return steps.map(({ step, label, rank }, index) => {
      let state: StepState;
      if (failedAt !== null) state = index < failedAt ? 'done' : index === failedAt ? 'failed' : 'pending';
      else if (command === null) state = index === 0 && this.sending ? 'current' : 'pending';
      else if (rank <= reached) state = 'done';
      else state = index === current ? 'current' : 'pending';
      return { step, label, state };
    });
  }
}

export function labelOf(kind: CommandKind): string {
  switch (kind.kind) {
    case 'engine_start':
      return 'Start engine';
    case 'engine_extend':
      return 'Extend engine run';
    case 'engine_stop':
      return 'Stop engine';
    case 'lock':
      return 'Lock';
    case 'unlock':
      return 'Unlock';
    case 'horn':
      return 'Horn';
    case 'lights':
      return 'Lights';
    case 'horn_and_lights':
      return 'Horn and lights';
    case 'send_destination':
      return 'Send destination';
    case 'charge_start':
      return 'Start charging';
    case 'charge_stop':
      return 'Stop charging';
    case 'climate_on':
      return 'Climate on';
    case 'climate_off':
      return 'Climate off';
  }
}
