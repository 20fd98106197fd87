// Commands as the Rust side hands them over, for component tests.
import type { Command, CommandKind, CommandState, CommandUpdate, CommandView } from '../bindings';
import { labelOf } from './attempt.svelte';

export function command(
  kind: CommandKind,
  state: CommandState = { state: 'requested' },
  overrides: Partial<Command> = {},
): Command {
  return {
    id: 'cmd_1',
    vehicleId: 'veh_qashqai',
    kind,
    label: labelOf(kind),
    state,
    requestedBy: 'demo_owner',
    requestedAt: '2026-11-23T10:00:00Z',
    updatedAt: '2026-11-23T10:00:00Z',
    deliverBy: '2026-11-23T10:02:00Z',
    ...overrides,
  };
}

export function commandView(cmd: Command, explanation: string | null = null): CommandView {
  return { command: cmd, explanation };
}

export function commandUpdate(cmd: Command, explanation: string | null = null): CommandUpdate {
  return { vehicleId: cmd.vehicleId, command: cmd, explanation };
}
