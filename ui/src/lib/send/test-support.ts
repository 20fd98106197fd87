// Shared set-up for the Send to car tests.
import { render, screen } from '@testing-library/svelte';
import type { Command, CommandKind, CommandState, CommandView } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, vehicle } from '../backend/fixtures';
import type { MockBackend, MockBackendOptions } from '../backend/mock';
import SendToCarScreen from './SendToCarScreen.svelte';

export const AVAILABLE = vehicle({
  entitlements: [{ feature: 'send_to_car', label: 'Send to car', entitlement: { status: 'available' } }],
});

export function command(kind: CommandKind, state: CommandState = { state: 'requested' }, id = 'cmd_1'): Command {
  return {
    id,
    vehicleId: 'veh_qashqai',
    kind,
    label: 'Send destination',
    state,
    requestedBy: 'demo_owner',
    requestedAt: '2026-11-22T10:00:00Z',
    updatedAt: '2026-11-22T10:00:00Z',
    deliverBy: '2026-11-22T10:05:00Z',
  };
}

/** Answers each send with a new requested command, numbered. */
export function accepting() {
  let count = 0;
  return (_vehicleId: string, kind: CommandKind): CommandView => {
    count++;
    return { command: command(kind, { state: 'requested' }, `cmd_${count}`), explanation: null };
  };
}

export function setup(options: MockBackendOptions = {}, id = 'veh_qashqai') {
  const backend = mockBackend({ vehicle: AVAILABLE, sendCommand: accepting(), ...options });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  render(SendToCarScreen, {
    props: { params: new URLSearchParams(id ? { id } : {}) },
    context: screenContext(backend, session),
  });
  return { backend, user };
}

export type User = ReturnType<typeof setupUser>;

export async function fill(user: User, number: number, name: string, lat: string, lon: string) {
  await user.type(screen.getByTestId(`send-name-${number}`), name);
  await user.type(screen.getByTestId(`send-lat-${number}`), lat);
  await user.type(screen.getByTestId(`send-lon-${number}`), lon);
}

/** A live update of the last request sent, as the Rust side pushes it. */
export function push(backend: MockBackend, id: string, state: CommandState, explanation: string | null = null) {
  const sent = backend.command('sendCommand').lastCall;
  if (!sent) throw new Error('nothing was sent');
  backend.emitVehicleCommand({ vehicleId: 'veh_qashqai', command: command(sent[1], state, id), explanation });
}

export function step(name: string): HTMLElement {
  return screen.getByTestId(`send-timeline-step-${name}`);
}
