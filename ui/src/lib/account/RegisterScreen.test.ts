import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { appError, done, passwordReport } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import RegisterScreen from './RegisterScreen.svelte';

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend({ register: () => done('Account created.'), ...options });
  const session = loadedSession(backend);
  const user = setupUser();
  render(RegisterScreen, { context: screenContext(backend, session) });
  return { backend, user };
}

async function fillAll(user: ReturnType<typeof setupUser>, phone = '') {
  await user.type(screen.getByTestId('register-email'), 'robin@example.com');
  await fireEvent.input(screen.getByTestId('register-password-input'), {
    target: { value: 'Harbour-Lantern-9' },
  });
  await user.type(screen.getByTestId('register-nickname'), 'Qashqai_2023');
  await user.selectOptions(screen.getByTestId('register-region'), 'UK');
  if (phone) await user.type(screen.getByTestId('register-phone'), phone);
}

const typed = () => ({
  email: (screen.getByTestId('register-email') as HTMLInputElement).value,
  password: (screen.getByTestId('register-password-input') as HTMLInputElement).value,
  nickname: (screen.getByTestId('register-nickname') as HTMLInputElement).value,
  region: (screen.getByTestId('register-region') as HTMLSelectElement).value,
  phone: (screen.getByTestId('register-phone') as HTMLInputElement).value,
});

describe('RegisterScreen', () => {
  it('creates the account and goes to confirm-email with the address', async () => {
    const { backend, user } = setup();
    await fillAll(user, '+44 7700 900123');
    await user.click(screen.getByTestId('register-submit'));
    expect(backend.command('register').calls).toEqual([
      [
        {
          email: 'robin@example.com',
          password: 'Harbour-Lantern-9',
          nickname: 'Qashqai_2023',
          region: 'UK',
          phone: '+44 7700 900123',
        },
      ],
    ]);
    expect(window.location.hash).toBe('#/confirm-email?email=robin%40example.com');
  });

  it('sends no phone number when none is typed', async () => {
    const { backend, user } = setup();
    await fillAll(user);
    await user.click(screen.getByTestId('register-submit'));
    expect(backend.command('register').lastCall?.[0].phone).toBeNull();
  });

  it('lists the six regions with names and explains markets', () => {
    setup();
    const select = screen.getByTestId('register-region') as HTMLSelectElement;
    const codes = [...select.options].map((o) => o.value).filter(Boolean);
    expect(codes).toEqual(['EU', 'UK', 'US', 'CA', 'JP', 'RU']);
    expect(select).toHaveTextContent('Canada');
    expect(screen.getByText(/own market|that market/)).toBeInTheDocument();
    expect(screen.getByText(/Qashqai_2023/)).toBeInTheDocument();
    expect(screen.getByText(/3–32 characters/)).toBeInTheDocument();
  });

  it('passes email and nickname to the password check', async () => {
    const { backend, user } = setup();
    await fillAll(user);
    await waitFor(() =>
      expect(backend.password.lastCall).toEqual([
        'Harbour-Lantern-9',
        ['robin@example.com', 'Qashqai_2023'],
      ]),
    );
    expect(screen.getByTestId('register-password-rules')).toBeInTheDocument();
    expect(screen.getByTestId('register-password-strength')).toBeInTheDocument();
  });

  it('points out empty fields without calling the server', async () => {
    const { backend, user } = setup();
    await user.click(screen.getByTestId('register-submit'));
    expect(screen.getByTestId('register-email-error')).toBeInTheDocument();
    expect(screen.getByTestId('register-password-error')).toBeInTheDocument();
    expect(screen.getByTestId('register-nickname-error')).toBeInTheDocument();
    expect(screen.getByTestId('register-region-error')).toBeInTheDocument();
    expect(screen.queryByTestId('register-phone-error')).not.toBeInTheDocument();
    expect(backend.command('register').calls).toHaveLength(0);
    expect(screen.getByTestId('register-email')).toHaveFocus();
  });

  it('does not send a password the live check rejects', async () => {
    const { backend, user } = setup({
      passwordCheck: (p) => passwordReport(p, { met: { capital: false } }),
    });
    await fillAll(user);
    await waitFor(() =>
      expect(screen.getByTestId('register-password-rule-capital')).toHaveAttribute(
        'data-state',
        'unmet',
      ),
    );
    await user.click(screen.getByTestId('register-submit'));
    expect(screen.getByTestId('register-password-error')).toHaveTextContent('Rule not met');
    expect(backend.command('register').calls).toHaveLength(0);
  });

  it.each([
    ['email', 'email_invalid', 'That is not an email address.'],
    ['nickname', 'nickname_length', 'A nickname has 3 to 32 characters.'],
    ['phone', 'phone_invalid', 'Use the international format.'],
    ['region', 'region_unknown', 'Choose one of the listed regions.'],
    ['password', 'password_common', 'This password is too common.'],
  ])('puts a server error about %s next to that field', async (field, code, message) => {
    const { user } = setup({
      register: () => Promise.reject(appError(code, message, { field })),
    });
    await fillAll(user, '+44 7700 900123');
    const before = typed();
    await user.click(screen.getByTestId('register-submit'));
    expect(await screen.findByTestId(`register-${field}-error`)).toHaveTextContent(message);
    expect(screen.queryByTestId('register-error')).not.toBeInTheDocument();
    expect(typed()).toEqual(before);
    const focusId = field === 'password' ? 'register-password-input' : `register-${field}`;
    expect(screen.getByTestId(focusId)).toHaveFocus();
  });

  it('places an error by its code when the field is not named', async () => {
    const { user } = setup({
      register: () => Promise.reject(appError('nickname_character', 'Letters, digits, _ and - only.')),
    });
    await fillAll(user);
    await user.click(screen.getByTestId('register-submit'));
    expect(screen.getByTestId('register-nickname-error')).toHaveTextContent('Letters, digits');
  });

  it('clears a field’s error once it is edited', async () => {
    const { user } = setup({
      register: () => Promise.reject(appError('email_invalid', 'Not an email.', { field: 'email' })),
    });
    await fillAll(user);
    await user.click(screen.getByTestId('register-submit'));
    expect(screen.getByTestId('register-email-error')).toBeInTheDocument();
    await user.type(screen.getByTestId('register-email'), 'x');
    expect(screen.queryByTestId('register-email-error')).not.toBeInTheDocument();
  });

  it('shows an error of the whole form apart, with Retry for a connection failure', async () => {
    let down = true;
    const { backend, user } = setup({
      register: () =>
        down ? Promise.reject(appError('timeout', 'The server did not answer in time.')) : done(),
    });
    await fillAll(user);
    const before = typed();
    await user.click(screen.getByTestId('register-submit'));
    expect(screen.getByTestId('register-error')).toHaveTextContent('did not answer in time');
    expect(typed()).toEqual(before);
    down = false;
    await user.click(screen.getByTestId('register-error-retry'));
    expect(backend.command('register').calls).toHaveLength(2);
    expect(window.location.hash).toBe('#/confirm-email?email=robin%40example.com');
  });

  it('shows progress while the account is created', async () => {
    const { backend, user } = setup({ manual: true, passwordCheck: (p) => passwordReport(p) });
    await user.type(screen.getByTestId('register-email'), 'robin@example.com');
    await fireEvent.input(screen.getByTestId('register-password-input'), {
      target: { value: 'Harbour-Lantern-9' },
    });
    await user.type(screen.getByTestId('register-nickname'), 'Robin');
    await user.selectOptions(screen.getByTestId('register-region'), 'EU');
    await user.click(screen.getByTestId('register-submit'));
    expect(screen.getByTestId('register-submit')).toBeDisabled();
    expect(screen.getByTestId('register-submit')).toHaveTextContent('Creating');
    await backend.command('register').pending[0]!.resolve(done());
    expect(window.location.hash).toBe('#/confirm-email?email=robin%40example.com');
  });
});
