import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { HeadUnitAnswer } from '../bindings';
import { backendContext } from '../backend';
import { appError, done } from '../backend/fixtures';
import { MockBackend, type MockBackendOptions } from '../backend/mock';
import KeyPrompt from './KeyPrompt.svelte';

const VIN = 'SJNTAAJ11SU512207';

function setup(options: MockBackendOptions = {}) {
  const backend = new MockBackend({ dealerUnlockHeadUnit: done(), ...options });
  const user = userEvent.setup();
  render(KeyPrompt, { props: { vin: VIN }, context: backendContext(backend) });
  return { backend, user };
}

async function enterKey(user: ReturnType<typeof userEvent.setup>, key = 'Ab3dEfG7hJ2mN4qR') {
  await user.clear(screen.getByTestId('head-unit-key-input'));
  await user.type(screen.getByTestId('head-unit-key-input'), key);
  await user.click(screen.getByTestId('head-unit-key-submit'));
}

describe('Head unit key prompt (sandbox)', () => {
  it.each<[HeadUnitAnswer, string]>([
    [{ outcome: 'accepted' }, 'Accepted'],
    [{ outcome: 'invalid_key', triesLeft: 2 }, 'Invalid key — 2 tries left'],
    [{ outcome: 'invalid_key', triesLeft: 1 }, 'Invalid key — 1 try left'],
    [{ outcome: 'key_expired', triesLeft: 2 }, 'Key expired'],
  ])('sends the typed key and shows %j', async (answer, words) => {
    const { backend, user } = setup({ headUnitEnterKey: answer });
    expect(screen.getByTestId('head-unit-key-prompt')).toHaveTextContent('Enter authentication key');
    await enterKey(user);
    expect(backend.command('headUnitEnterKey').calls).toEqual([[VIN, 'Ab3dEfG7hJ2mN4qR']]);
    const result = await screen.findByTestId('head-unit-key-result');
    expect(result).toHaveAttribute('data-outcome', answer.outcome);
    expect(result).toHaveTextContent(words);
    // Still at key entry: no code step, not locked.
    expect(screen.getByTestId('head-unit-key-input')).toBeInTheDocument();
    expect(screen.queryByTestId('head-unit-locked')).not.toBeInTheDocument();
  });

  it('asks for the SMS code after a right key, then accepts it', async () => {
    const { backend, user } = setup({
      headUnitEnterKey: { outcome: 'sms_code_required', phoneHint: 'ending 78' },
      headUnitEnterCode: (_vin, typed) =>
        typed === '123456' ? { outcome: 'accepted' } : { outcome: 'invalid_code', triesLeft: 2 },
    });
    await enterKey(user);
    const result = await screen.findByTestId('head-unit-key-result');
    expect(result).toHaveAttribute('data-outcome', 'sms_code_required');
    expect(screen.getByTestId('head-unit-key-prompt')).toHaveTextContent('ending 78');
    expect(screen.queryByTestId('head-unit-key-input')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('head-unit-code-input'), '000000');
    await user.click(screen.getByTestId('head-unit-code-submit'));
    expect(await screen.findByText('Invalid code — 2 tries left')).toBeInTheDocument();
    expect(screen.getByTestId('head-unit-key-result')).toHaveAttribute('data-outcome', 'invalid_code');

    await user.clear(screen.getByTestId('head-unit-code-input'));
    await user.type(screen.getByTestId('head-unit-code-input'), '123456');
    await user.click(screen.getByTestId('head-unit-code-submit'));
    expect(await screen.findByText('Accepted')).toBeInTheDocument();
    expect(backend.command('headUnitEnterCode').calls).toEqual([
      [VIN, '000000'],
      [VIN, '123456'],
    ]);
    expect(screen.getByTestId('head-unit-key-result')).toHaveAttribute('data-outcome', 'accepted');
    expect(screen.getByTestId('head-unit-key-input')).toHaveValue('');
  });

  it('goes back to key entry when the code expired or none is pending', async () => {
    const { backend, user } = setup({
      headUnitEnterKey: { outcome: 'sms_code_required', phoneHint: 'ending 78' },
      headUnitEnterCode: { outcome: 'code_expired' },
    });
    await enterKey(user);
    await user.type(await screen.findByTestId('head-unit-code-input'), '123456');
    await user.click(screen.getByTestId('head-unit-code-submit'));
    expect(await screen.findByTestId('head-unit-key-input')).toBeInTheDocument();
    expect(screen.getByTestId('head-unit-key-result')).toHaveAttribute('data-outcome', 'code_expired');
    expect(screen.getByTestId('head-unit-key-result')).toHaveTextContent('enter the key again');

    backend.command('headUnitEnterCode').answer = () =>
      Promise.reject(appError('no_code_pending', 'No code is waiting.'));
    await enterKey(user);
    await user.type(await screen.findByTestId('head-unit-code-input'), '123456');
    await user.click(screen.getByTestId('head-unit-code-submit'));
    const error = await screen.findByTestId('head-unit-key-error');
    expect(error).toHaveAttribute('data-code', 'no_code_pending');
    expect(screen.getByTestId('head-unit-key-input')).toBeInTheDocument();
  });

  it('locks after the third wrong key until the dealer unlocks it', async () => {
    const { backend, user } = setup({ headUnitEnterKey: { outcome: 'system_locked' } });
    await enterKey(user, 'wrongwrongwrong1');
    const locked = await screen.findByTestId('head-unit-locked');
    expect(locked).toHaveTextContent('System locked: contact a Nissan service');
    expect(screen.queryByTestId('head-unit-key-input')).not.toBeInTheDocument();
    expect(screen.getByTestId('head-unit-key-result')).toHaveAttribute('data-outcome', 'system_locked');

    const unlock = screen.getByTestId('head-unit-dealer-unlock');
    expect(unlock).toHaveTextContent('Dealer unlock (sandbox service tool)');
    await user.click(unlock);
    expect(backend.command('dealerUnlockHeadUnit').calls).toEqual([[VIN]]);
    expect(await screen.findByTestId('head-unit-key-input')).toBeInTheDocument();
    expect(screen.queryByTestId('head-unit-locked')).not.toBeInTheDocument();
    expect(screen.queryByTestId('head-unit-key-result')).not.toBeInTheDocument();
  });

  it('stays locked and says why when the dealer unlock fails', async () => {
    const { user } = setup({
      headUnitEnterKey: { outcome: 'system_locked' },
      dealerUnlockHeadUnit: () => Promise.reject(appError('sandbox_only', 'Only in the sandbox.')),
    });
    await enterKey(user);
    await user.click(await screen.findByTestId('head-unit-dealer-unlock'));
    expect(await screen.findByTestId('head-unit-key-error')).toHaveTextContent('Only in the sandbox.');
    expect(screen.getByTestId('head-unit-locked')).toBeInTheDocument();
  });

  it('revokes the key after too many wrong codes and goes back to key entry', async () => {
    const { user } = setup({
      headUnitEnterKey: { outcome: 'sms_code_required', phoneHint: 'ending 78' },
      headUnitEnterCode: { outcome: 'key_revoked' },
    });
    await enterKey(user);
    await user.type(await screen.findByTestId('head-unit-code-input'), '000000');
    await user.click(screen.getByTestId('head-unit-code-submit'));
    const result = await screen.findByTestId('head-unit-key-result');
    expect(result).toHaveAttribute('data-outcome', 'key_revoked');
    expect(result).toHaveTextContent(
      'Too many wrong SMS codes: this key is revoked. Generate a new key in the app.',
    );
    expect(screen.getByTestId('head-unit-key-prompt')).toHaveAttribute('data-stage', 'key');
    expect(screen.getByTestId('head-unit-key-input')).toHaveValue('');
    expect(screen.queryByTestId('head-unit-code-input')).not.toBeInTheDocument();
  });

  it('locks the head unit when wrong codes used up its tries', async () => {
    const { user } = setup({
      headUnitEnterKey: { outcome: 'sms_code_required', phoneHint: 'ending 78' },
      headUnitEnterCode: { outcome: 'system_locked' },
    });
    await enterKey(user);
    await user.type(await screen.findByTestId('head-unit-code-input'), '000000');
    await user.click(screen.getByTestId('head-unit-code-submit'));
    expect(await screen.findByTestId('head-unit-locked')).toBeInTheDocument();
    expect(screen.getByTestId('head-unit-dealer-unlock')).toBeInTheDocument();
  });

  it.each([
    ['sms_code_limit', 'No more codes now: a key gets at most 3 codes and a car 5 a day.'],
    ['phone_too_new', 'The account’s phone number changed less than 24 hours ago, so no code is sent to it yet.'],
  ])('shows %s with the server’s message and stays at key entry', async (code, message) => {
    const { user } = setup({ headUnitEnterKey: () => Promise.reject(appError(code, message)) });
    await enterKey(user);
    const error = await screen.findByTestId('head-unit-key-error');
    expect(error).toHaveAttribute('data-code', code);
    expect(error).toHaveTextContent(message);
    expect(screen.getByTestId('head-unit-key-prompt')).toHaveAttribute('data-stage', 'key');
    expect(screen.getByTestId('head-unit-key-input')).toHaveValue('Ab3dEfG7hJ2mN4qR');
    expect(screen.queryByTestId('head-unit-code-input')).not.toBeInTheDocument();
  });
});
