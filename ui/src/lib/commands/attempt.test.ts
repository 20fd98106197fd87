import { describe, expect, it } from 'vitest';
import { appError } from '../backend/fixtures';
import { MockBackend } from '../backend/mock';
import { CommandAttempt } from './attempt.svelte';
import { command, commandUpdate, commandView } from './test-fixtures';

const START = { kind: 'engine_start', climateTargetC: 21 } as const;

function states(attempt: CommandAttempt): string[] {
  return attempt.steps().map((s) => `${s.step}:${s.state}`);
}

describe('CommandAttempt', () => {
  it('moves forward only, whatever order the news arrives in', async () => {
    const backend = new MockBackend({ sendCommand: commandView(command(START)) });
    const attempt = new CommandAttempt('veh_qashqai', START);
    await attempt.send(backend, () => undefined);
    expect(states(attempt)).toEqual(['sent:done', 'delivered:current', 'running:pending']);
    attempt.apply(command(START, { state: 'running' }), null);
    expect(states(attempt)).toEqual(['sent:done', 'delivered:done', 'running:done']);
    // A late "delivered" cannot take it back.
    attempt.apply(command(START, { state: 'delivered' }), null);
    expect(attempt.command?.state.state).toBe('running');
    // Another command's news is not this attempt's.
    attempt.apply(command(START, { state: 'failed', reason: 'hood_open' }, { id: 'cmd_2' }), 'x');
    expect(attempt.command?.state.state).toBe('running');
  });

  it('takes news that came before the send answer', async () => {
    const backend = new MockBackend({ sendCommand: commandView(command({ kind: 'lock' })) });
    const attempt = new CommandAttempt('veh_qashqai', { kind: 'lock' });
    const early = commandUpdate(command({ kind: 'lock' }, { state: 'succeeded' }));
    await attempt.send(backend, (id) => (id === 'cmd_1' ? early : undefined));
    expect(attempt.finished).toBe(true);
    expect(states(attempt)).toEqual(['sent:done', 'delivered:done', 'done:done']);
  });

  it('marks where an honest bad outcome happened', () => {
    const attempt = new CommandAttempt('veh_qashqai', { kind: 'horn' });
    attempt.apply(command({ kind: 'horn' }, { state: 'expired' }), 'never received');
    expect(states(attempt)).toEqual(['sent:done', 'delivered:failed', 'done:pending']);
    expect(attempt.explanation).toBe('never received');
    const refused = new CommandAttempt('veh_qashqai', START);
    refused.apply(command(START, { state: 'failed', reason: 'battery_low' }), 'charge it');
    expect(states(refused)).toEqual(['sent:done', 'delivered:done', 'running:failed']);
  });

  it('retries a send that failed on the way with the same key, and asks who it is', async () => {
    const backend = new MockBackend({
      sendCommand: () => Promise.reject(appError('unreachable', 'Failed to connect.')),
    });
    const attempt = new CommandAttempt('veh_qashqai', { kind: 'unlock' });
    await attempt.send(backend, () => undefined);
    expect(attempt.error).toBeTruthy();
    backend.command('sendCommand').answer = () =>
      Promise.reject(appError('identity_required', 'Confirm it is you.'));
    await attempt.send(backend, () => undefined);
    expect(attempt.needsIdentity).toBe(true);
    const keys = backend.command('sendCommand').calls.map((call) => call[2]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(new CommandAttempt('veh_qashqai', { kind: 'unlock' }).key).not.toBe(keys[0]);
  });
});
