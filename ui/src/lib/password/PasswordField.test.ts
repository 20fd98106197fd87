import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PasswordReport } from '../bindings';
import { backendContext } from '../backend';
import { passwordReport } from '../backend/fixtures';
import { MockBackend, type MockBackendOptions } from '../backend/mock';
import PasswordField from './PasswordField.svelte';

type FieldProps = {
  testid?: string;
  label?: string;
  userInputs?: string[];
  onreport?: (report: PasswordReport | null) => void;
};

function setup(options: MockBackendOptions = {}, props: FieldProps = {}) {
  const backend = new MockBackend(options);
  const user = userEvent.setup();
  const view = render(PasswordField, { props, context: backendContext(backend) });
  const testid = props.testid ?? 'password';
  const input = screen.getByTestId(`${testid}-input`) as HTMLInputElement;
  return { backend, user, input, view };
}

const rule = (code: string) => screen.getByTestId(`password-rule-${code}`);

describe('PasswordField', () => {
  it('shows the rules as neutral before anything is typed', () => {
    const { backend, input } = setup();
    expect(input).toHaveAttribute('type', 'password');
    expect(input).toHaveAttribute('autocomplete', 'new-password');
    expect(screen.getByLabelText('Password')).toBe(input);
    for (const code of ['length', 'capital', 'not_common']) {
      expect(rule(code)).toHaveAttribute('data-met', 'false');
      expect(rule(code)).toHaveAttribute('data-state', 'pending');
    }
    expect(screen.getByTestId('password-strength')).toHaveAttribute('data-score', '0');
    expect(screen.getByTestId('password-strength-label')).toHaveTextContent('Not rated yet');
    expect(screen.queryByTestId('password-hint')).not.toBeInTheDocument();
    expect(backend.password.calls).toEqual([]);
  });

  it('ticks off exactly the rules the report says are met', async () => {
    const { user, input } = setup({
      passwordCheck: (password) =>
        passwordReport(password, { met: { length: true, capital: false, not_common: false }, score: 0 }),
    });
    await user.type(input, 'password1');

    await waitFor(() => expect(rule('length')).toHaveAttribute('data-met', 'true'));
    expect(rule('length')).toHaveAttribute('data-state', 'met');
    expect(rule('capital')).toHaveAttribute('data-met', 'false');
    expect(rule('capital')).toHaveAttribute('data-state', 'unmet');
    expect(rule('not_common')).toHaveAttribute('data-met', 'false');
    expect(rule('length')).toHaveTextContent('8 to 128 characters');
    const items = screen.getByTestId('password-rules').querySelectorAll('li');
    expect([...items].map((li) => li.dataset.testid)).toEqual([
      'password-rule-length',
      'password-rule-capital',
      'password-rule-not_common',
    ]);
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the strength score, its label and the hint', async () => {
    const hint = 'Add another word or two. Uncommon words are better.';
    const { input } = setup({
      passwordCheck: (password) => passwordReport(password, { score: 2, hint }),
    });
    await fireEvent.input(input, { target: { value: 'Harbour-lantern' } });

    const meter = screen.getByTestId('password-strength');
    await waitFor(() => expect(meter).toHaveAttribute('data-score', '2'));
    expect(screen.getByTestId('password-strength-label')).toHaveTextContent('Fair');
    expect(screen.getByRole('meter')).toHaveAttribute('aria-valuenow', '2');
    expect(screen.getByTestId('password-hint')).toHaveTextContent(hint);
  });

  it('shows a very strong password as score 4 with no hint', async () => {
    const { input } = setup({ passwordCheck: (password) => passwordReport(password, { score: 4 }) });
    await fireEvent.input(input, { target: { value: 'Quiet-Harbour-Lantern-58' } });

    await waitFor(() =>
      expect(screen.getByTestId('password-strength')).toHaveAttribute('data-score', '4'),
    );
    expect(screen.getByTestId('password-strength-label')).toHaveTextContent('Very strong');
    expect(screen.queryByTestId('password-hint')).not.toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it('switches between hidden and visible with the toggle', async () => {
    const { user, input } = setup();
    const toggle = screen.getByTestId('password-toggle-visibility');
    await user.type(input, 'Secret-Words-42');
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(toggle).toHaveAccessibleName('Show password');

    await user.click(toggle);
    expect(input).toHaveAttribute('type', 'text');
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(input.value).toBe('Secret-Words-42');

    await user.click(toggle);
    expect(input).toHaveAttribute('type', 'password');
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
  });

  it('ignores an older answer that arrives after the newest one', async () => {
    const { backend, input } = setup({ manual: true });
    await fireEvent.input(input, { target: { value: 'pass' } });
    await fireEvent.input(input, { target: { value: 'Passage-Lantern-9' } });
    const [older, newer] = backend.password.pending;
    expect(older!.args[0]).toBe('pass');

    await newer!.resolve(passwordReport('Passage-Lantern-9', { score: 4 }));
    await older!.resolve(
      passwordReport('pass', { met: { length: false, capital: false }, score: 0 }),
    );

    expect(screen.getByTestId('password-strength')).toHaveAttribute('data-score', '4');
    expect(rule('length')).toHaveAttribute('data-met', 'true');
    expect(rule('capital')).toHaveAttribute('data-met', 'true');
  });

  it('passes the other form fields to the check and reports each result', async () => {
    const onreport = vi.fn();
    const { backend, input } = setup(
      { passwordCheck: (password) => passwordReport(password, { score: 1 }) },
      { userInputs: ['robin@example.com', 'robin'], onreport },
    );
    await fireEvent.input(input, { target: { value: 'Robin2024' } });

    await waitFor(() => expect(onreport).toHaveBeenLastCalledWith(expect.objectContaining({ acceptable: true })));
    expect(backend.password.lastCall).toEqual(['Robin2024', ['robin@example.com', 'robin']]);
    expect(onreport.mock.lastCall?.[0].strength.score).toBe(1);
  });

  it('goes back to neutral when the field is emptied', async () => {
    const { backend, input } = setup({
      passwordCheck: (password) => passwordReport(password, { met: { capital: false }, score: 1 }),
    });
    await fireEvent.input(input, { target: { value: 'lantern' } });
    await waitFor(() => expect(rule('capital')).toHaveAttribute('data-state', 'unmet'));

    await fireEvent.input(input, { target: { value: '' } });
    await waitFor(() => expect(rule('capital')).toHaveAttribute('data-state', 'pending'));
    expect(screen.getByTestId('password-strength-label')).toHaveTextContent('Not rated yet');
    expect(backend.password.calls.map(([password]) => password)).not.toContain('');
  });

  it('uses its testid prefix and label for every part', () => {
    setup({}, { testid: 'signup-password', label: 'Choose a password' });
    expect(screen.getByLabelText('Choose a password')).toHaveAttribute(
      'data-testid',
      'signup-password-input',
    );
    expect(screen.getByTestId('signup-password-rules')).toBeInTheDocument();
    expect(screen.getByTestId('signup-password-rule-capital')).toBeInTheDocument();
    expect(screen.getByTestId('signup-password-strength')).toBeInTheDocument();
    expect(screen.getByTestId('signup-password-toggle-visibility')).toBeInTheDocument();
  });

  it('keeps the password out of the page markup', async () => {
    const { user, input, view } = setup({ passwordCheck: (p) => passwordReport(p, { score: 3 }) });
    await user.type(input, 'Unusual-Phrase-77');
    await user.click(screen.getByTestId('password-toggle-visibility'));
    await waitFor(() =>
      expect(screen.getByTestId('password-strength')).toHaveAttribute('data-score', '3'),
    );
    expect(view.container.innerHTML).not.toContain('Unusual-Phrase-77');
  });

  it('says when the check could not run', async () => {
    const { input } = setup({
      passwordCheck: () => Promise.reject(new Error('IPC is down')),
    });
    await fireEvent.input(input, { target: { value: 'Lantern' } });
    expect(await screen.findByTestId('password-check-failed')).toHaveTextContent('couldn’t be checked');
    expect(rule('length')).toHaveAttribute('data-state', 'pending');
  });
});
