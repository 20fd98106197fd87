import { render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, done, outboxMessage } from '../backend/fixtures';
import { flushPromises, type MockBackendOptions } from '../backend/mock';
import { classifyAction } from './actions';
import MailboxScreen from './MailboxScreen.svelte';

async function setup(options: MockBackendOptions = {}, query = 'to=new.owner%40example.com', signedIn = false) {
  const backend = mockBackend({ sandboxMailbox: () => [outboxMessage()], ...options });
  const session = loadedSession(backend, { account: signedIn ? account() : null });
  const user = setupUser();
  render(MailboxScreen, {
    props: { params: new URLSearchParams(query) },
    context: screenContext(backend, session),
  });
  await flushPromises();
  return { backend, user };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('classifyAction', () => {
  it.each([
    [null, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['keyfob://verify?token=abc', { kind: 'verify', link: 'keyfob://verify?token=abc' }],
    ['keyfob://reset-password?token=r1', { kind: 'reset', token: 'r1' }],
    ['keyfob://invitations', { kind: 'invitations' }],
    ['482913', { kind: 'code', code: '482913' }],
    ['AbCd-EfGh-1234', { kind: 'code', code: 'AbCd-EfGh-1234' }],
  ])('%j', (action, expected) => {
    expect(classifyAction(action)).toEqual(expected);
  });
});

describe('MailboxScreen', () => {
  it('explains that nothing leaves the app, and shows the messages', async () => {
    const { backend } = await setup();
    expect(screen.getByTestId('screen-mailbox')).toHaveTextContent('no email or text message leaves the app');
    expect(screen.getByTestId('mailbox-address')).toHaveValue('new.owner@example.com');
    expect(backend.command('sandboxMailbox').calls).toEqual([['new.owner@example.com']]);
    const message = screen.getByTestId('mailbox-message');
    expect(message).toHaveAttribute('data-message-id', 'msg_1');
    expect(message).toHaveAttribute('data-channel', 'email');
    expect(within(message).getByTestId('mailbox-message-subject')).toHaveTextContent('Confirm your Keyfob account');
    expect(within(message).getByTestId('mailbox-message-to')).toHaveTextContent('new.owner@example.com');
    expect(within(message).getByTestId('mailbox-message-body')).toHaveTextContent('Open this link');
    expect(within(message).getByTestId('mailbox-message-sent-at')).toHaveAttribute(
      'datetime',
      '2026-11-22T10:00:00Z',
    );
  });

  it('starts from the signed-in email when no address is given', async () => {
    const { backend } = await setup({}, '', true);
    expect(screen.getByTestId('mailbox-address')).toHaveValue('demo@sandbox.keyfob.test');
    expect(backend.command('sandboxMailbox').lastCall).toEqual(['demo@sandbox.keyfob.test']);
  });

  it('asks for an address when there is none', async () => {
    const { backend } = await setup({}, '');
    expect(screen.getByTestId('mailbox-no-address')).toBeInTheDocument();
    expect(backend.command('sandboxMailbox').calls).toHaveLength(0);
  });

  it('says when nothing was sent', async () => {
    await setup({ sandboxMailbox: () => [] });
    expect(screen.getByTestId('mailbox-empty')).toHaveTextContent('new.owner@example.com');
  });

  it('looks up another address on Refresh', async () => {
    const { backend, user } = await setup();
    await user.clear(screen.getByTestId('mailbox-address'));
    await user.type(screen.getByTestId('mailbox-address'), '+447700900123');
    await user.click(screen.getByTestId('mailbox-refresh'));
    await flushPromises();
    expect(backend.command('sandboxMailbox').lastCall).toEqual(['+447700900123']);
  });

  it('refreshes itself every 3 seconds while open', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    let messages = [outboxMessage()];
    const backend = mockBackend({ sandboxMailbox: () => messages });
    const session = loadedSession(backend);
    const view = render(MailboxScreen, {
      props: { params: new URLSearchParams('to=new.owner%40example.com') },
      context: screenContext(backend, session),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.command('sandboxMailbox').calls).toHaveLength(1);
    messages = [outboxMessage({ id: 'msg_2', subject: 'Reset your password', action: null }), ...messages];
    await vi.advanceTimersByTimeAsync(3000);
    expect(backend.command('sandboxMailbox').calls).toHaveLength(2);
    expect(screen.getAllByTestId('mailbox-message')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(backend.command('sandboxMailbox').calls).toHaveLength(3);
    view.unmount();
    await vi.advanceTimersByTimeAsync(9000);
    expect(backend.command('sandboxMailbox').calls).toHaveLength(3);
  });

  it('confirms an email right from a verify link, with Sign in', async () => {
    const { backend, user } = await setup({ confirmEmail: () => done('Email confirmed.') });
    await user.click(screen.getByTestId('mailbox-message-action'));
    expect(backend.command('confirmEmail').calls).toEqual([['keyfob://verify?token=abc123']]);
    const result = screen.getByTestId('mailbox-action-result');
    expect(result).toHaveTextContent('Email confirmed.');
    expect(result).toHaveAttribute('data-ok', 'true');
    expect(screen.getByTestId('mailbox-action-sign-in')).toHaveAttribute(
      'href',
      '#/sign-in?email=new.owner%40example.com',
    );
    expect(window.location.hash).toBe('');
  });

  it('shows why a verify link failed', async () => {
    const { user } = await setup({
      confirmEmail: () => Promise.reject(appError('confirmation_token_invalid', 'This link was already used.')),
    });
    await user.click(screen.getByTestId('mailbox-message-action'));
    const result = screen.getByTestId('mailbox-action-result');
    expect(result).toHaveTextContent('This link was already used.');
    expect(result).toHaveAttribute('data-ok', 'false');
    expect(screen.queryByTestId('mailbox-action-sign-in')).not.toBeInTheDocument();
  });

  it('opens the reset screen from a reset link', async () => {
    const { user } = await setup({
      sandboxMailbox: () => [
        outboxMessage({ subject: 'Reset your password', action: 'keyfob://reset-password?token=r_42' }),
      ],
    });
    await user.click(screen.getByTestId('mailbox-message-action'));
    expect(window.location.hash).toBe('#/reset-password?token=r_42');
  });

  it('opens invitations from an invitation', async () => {
    const { user } = await setup({
      sandboxMailbox: () => [outboxMessage({ subject: 'You are invited', action: 'keyfob://invitations' })],
    });
    await user.click(screen.getByTestId('mailbox-message-action'));
    expect(window.location.hash).toBe('#/invitations');
  });

  it('copies a code', async () => {
    // userEvent.setup() puts its own clipboard on navigator.
    const { user } = await setup({
      sandboxMailbox: () => [
        outboxMessage({ channel: 'sms', to: '+447700900123', subject: '', body: 'Your code: 482913', action: '482913' }),
      ],
    });
    expect(screen.getByTestId('mailbox-message')).toHaveAttribute('data-channel', 'sms');
    expect(screen.getByTestId('mailbox-message-subject')).toHaveTextContent('Text message');
    expect(screen.getByTestId('mailbox-message-code')).toHaveTextContent('482913');
    await user.click(screen.getByTestId('mailbox-message-action'));
    expect(await navigator.clipboard.readText()).toBe('482913');
    expect(screen.getByTestId('mailbox-message-action')).toHaveTextContent('Copied');
  });

  it('shows no action for a message without one', async () => {
    await setup({ sandboxMailbox: () => [outboxMessage({ action: null })] });
    expect(screen.queryByTestId('mailbox-message-action')).not.toBeInTheDocument();
  });

  it('keeps the last messages and offers Retry when loading fails', async () => {
    let fail = false;
    vi.useFakeTimers({ shouldAdvanceTime: false });
    const backend = mockBackend({
      sandboxMailbox: () =>
        fail ? Promise.reject(appError('internal', 'The sandbox mailbox could not be read.')) : [outboxMessage()],
    });
    render(MailboxScreen, {
      props: { params: new URLSearchParams('to=new.owner%40example.com') },
      context: screenContext(backend, loadedSession(backend)),
    });
    await vi.advanceTimersByTimeAsync(0);
    fail = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(screen.getByTestId('mailbox-error')).toHaveTextContent('could not be read');
    expect(screen.getByTestId('mailbox-message')).toBeInTheDocument();
    fail = false;
    screen.getByTestId('mailbox-error-retry').click();
    await vi.advanceTimersByTimeAsync(0);
    expect(screen.queryByTestId('mailbox-error')).not.toBeInTheDocument();
  });
});
