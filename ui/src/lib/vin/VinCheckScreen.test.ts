import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { backendContext } from '../backend';
import { vinReport } from '../backend/fixtures';
import { MockBackend, type MockBackendOptions } from '../backend/mock';
import VinCheckScreen from './VinCheckScreen.svelte';

const FORBIDDEN_O = 'Position 17: the letter O is never used in a VIN (it looks like 0). Check the registration certificate.';

function setup(options: MockBackendOptions = {}) {
  const backend = new MockBackend(options);
  const user = userEvent.setup();
  render(VinCheckScreen, { context: backendContext(backend) });
  const input = screen.getByTestId('vin-input') as HTMLInputElement;
  return { backend, user, input };
}

function cell(position: number) {
  return screen.getByTestId(`vin-char-${position}`);
}

describe('Check a VIN', () => {
  it('starts with 17 empty cells, a 0 / 17 counter and no lists', () => {
    setup();
    expect(screen.getByTestId('screen-vin-check')).toBeInTheDocument();
    for (let position = 1; position <= 17; position++) {
      expect(cell(position)).toHaveAttribute('data-state', 'empty');
    }
    expect(screen.queryByTestId('vin-char-18')).not.toBeInTheDocument();
    expect(screen.getByTestId('vin-length')).toHaveTextContent('0 / 17');
    expect(screen.queryByTestId('vin-problems')).not.toBeInTheDocument();
    expect(screen.queryByTestId('vin-decoded')).not.toBeInTheDocument();
    expect(screen.getByTestId('vin-clear')).toBeDisabled();
  });

  it('asks the backend on every keystroke with what was typed', async () => {
    const { backend, user, input } = setup();
    await user.type(input, '1n4-');
    expect(backend.vin.calls).toEqual([['1'], ['1n'], ['1n4'], ['1n4-']]);
  });

  it('shows an unfinished VIN as a count, without problems', async () => {
    const { user, input } = setup();
    await user.type(input, '1N4AL3AP0JC1');
    await waitFor(() => expect(screen.getByTestId('vin-length')).toHaveTextContent('12 / 17'));
    expect(cell(12)).toHaveAttribute('data-state', 'ok');
    expect(cell(12)).toHaveTextContent('1');
    expect(cell(13)).toHaveAttribute('data-state', 'empty');
    expect(screen.getByTestId('vin-status')).toHaveTextContent('5 more to go');
    expect(screen.queryByTestId('vin-problem')).not.toBeInTheDocument();
  });

  it('marks the cell at position 17 and lists the problem there', async () => {
    const { user, input } = setup({
      vinCheck: (typed) =>
        typed.toUpperCase().endsWith('O')
          ? vinReport(typed, {
              problems: [{ code: 'vin_forbidden_letter', position: 17, message: FORBIDDEN_O }],
            })
          : vinReport(typed),
    });
    await user.type(input, '1N4AL3AP8JC12345O');

    await waitFor(() => expect(cell(17)).toHaveAttribute('data-state', 'error'));
    expect(cell(16)).toHaveAttribute('data-state', 'ok');
    expect(cell(17)).toHaveTextContent('O');
    expect(cell(17)).toHaveAccessibleName('Position 17: O, has a problem');

    const problems = within(screen.getByTestId('vin-problems')).getAllByTestId('vin-problem');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toHaveAttribute('data-position', '17');
    expect(problems[0]).toHaveAttribute('data-code', 'vin_forbidden_letter');
    expect(problems[0]).toHaveTextContent(FORBIDDEN_O);
    expect(screen.getByTestId('vin-status')).toHaveTextContent('1 problem to fix');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('vin-decoded')).not.toBeInTheDocument();
  });

  it('leaves data-position off a problem of the whole VIN', async () => {
    const { input } = setup({
      vinCheck: (typed) =>
        vinReport(typed, {
          problems: [
            { code: 'vin_length', position: null, message: 'A VIN has 17 characters; this one has 18.' },
          ],
        }),
    });
    await fireEvent.input(input, { target: { value: '1N4AL3AP0JC1234567' } });

    const problem = await screen.findByTestId('vin-problem');
    expect(problem).toHaveAttribute('data-code', 'vin_length');
    expect(problem).not.toHaveAttribute('data-position');
    expect(screen.getByTestId('vin-char-18')).toBeInTheDocument();
    expect(screen.getByTestId('vin-length')).toHaveTextContent('18 / 17');
  });

  it('shows the decoded car for a valid VIN', async () => {
    const { user, input } = setup({
      vinCheck: (typed) =>
        vinReport(typed, {
          decoded:
            typed.replace(/[\s-]/g, '').length === 17
              ? { modelYear: 2018, generation: 'v3', generationLabel: 'NissanConnect 3.0', remoteServices: true }
              : null,
        }),
    });
    await user.type(input, '1n4al3ap0 jc-123456');

    const decoded = await screen.findByTestId('vin-decoded');
    expect(within(decoded).getByTestId('vin-decoded-model-year')).toHaveTextContent('2018');
    const generation = within(decoded).getByTestId('vin-decoded-generation');
    expect(generation).toHaveTextContent('NissanConnect 3.0');
    expect(generation).toHaveTextContent('Remote services, such as starting the engine, are possible');
    expect(within(decoded).getByTestId('vin-decoded-country')).toHaveTextContent('United States');
    expect(within(decoded).getByTestId('vin-decoded-manufacturer')).toHaveTextContent(
      'Nissan North America',
    );
    expect(within(decoded).getByTestId('vin-decoded-vin')).toHaveTextContent('•••••••••••123456');
    expect(screen.getByTestId('vin-status')).toHaveTextContent('Valid VIN');
    for (let position = 1; position <= 17; position++) {
      expect(cell(position)).toHaveAttribute('data-state', 'ok');
    }
  });

  it('says when a generation has no remote services', async () => {
    const { input } = setup({
      vinCheck: (typed) =>
        vinReport(typed, {
          decoded: {
            modelYear: 2016,
            generation: 'legacy',
            generationLabel: 'NissanConnect 1.0/2.0',
            remoteServices: false,
          },
        }),
    });
    await fireEvent.input(input, { target: { value: 'SJNFAAJ10G2123456' } });

    const generation = await screen.findByTestId('vin-decoded-generation');
    expect(generation).toHaveTextContent('NissanConnect 1.0/2.0');
    expect(generation).toHaveTextContent('no remote services');
    expect(generation).toHaveAttribute('data-remote-services', 'false');
  });

  it('lists warnings and marks their cells as warnings', async () => {
    const message = 'Position 9 is 1, where the check digit would be 7.';
    const { input } = setup({
      vinCheck: (typed) =>
        vinReport(typed, {
          warnings: [{ code: 'vin_check_digit', position: 9, message }],
          decoded: { country: 'United Kingdom', modelYear: 2021 },
        }),
    });
    await fireEvent.input(input, { target: { value: 'SJNFAAJ11M2123456' } });

    const warning = await screen.findByTestId('vin-warning');
    expect(warning).toHaveAttribute('data-position', '9');
    expect(warning).toHaveAttribute('data-code', 'vin_check_digit');
    expect(warning).toHaveTextContent(message);
    expect(within(screen.getByTestId('vin-warnings')).getAllByTestId('vin-warning')).toHaveLength(1);
    expect(cell(9)).toHaveAttribute('data-state', 'warning');
    expect(cell(10)).toHaveAttribute('data-state', 'ok');
    expect(screen.getByTestId('vin-decoded-country')).toHaveTextContent('United Kingdom');
  });

  it('ignores an older answer that arrives after the newest one', async () => {
    const { backend, input } = setup({ manual: true });
    await fireEvent.input(input, { target: { value: '1N4O' } });
    await fireEvent.input(input, { target: { value: '1N4' } });
    expect(backend.vin.pending.map((call) => call.args[0])).toEqual(['1N4O', '1N4']);

    const [older, newer] = backend.vin.pending;
    await newer!.resolve(vinReport('1N4'));
    await older!.resolve(
      vinReport('1N4O', {
        problems: [{ code: 'vin_forbidden_letter', position: 4, message: 'Position 4: the letter O…' }],
      }),
    );

    expect(screen.getByTestId('vin-length')).toHaveTextContent('3 / 17');
    expect(cell(3)).toHaveAttribute('data-state', 'ok');
    expect(cell(4)).toHaveAttribute('data-state', 'empty');
    expect(screen.queryByTestId('vin-problem')).not.toBeInTheDocument();
  });

  it('shows an error banner when the check cannot run, and recovers on retry', async () => {
    let fail = true;
    const { backend, user, input } = setup({
      vinCheck: (typed) => {
        if (fail) throw new Error('IPC is down');
        return vinReport(typed);
      },
    });
    await fireEvent.input(input, { target: { value: '1N4AL' } });

    const banner = await screen.findByTestId('vin-error');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(banner).toHaveTextContent('The VIN check could not run');
    expect(banner).toHaveTextContent('try again');

    fail = false;
    await user.click(screen.getByTestId('vin-retry'));
    await waitFor(() => expect(screen.queryByTestId('vin-error')).not.toBeInTheDocument());
    expect(backend.vin.lastCall).toEqual(['1N4AL']);
    expect(screen.getByTestId('vin-length')).toHaveTextContent('5 / 17');
  });

  it('does not show an error for a failure that a newer answer replaced', async () => {
    const { backend, input } = setup({ manual: true });
    await fireEvent.input(input, { target: { value: '1N' } });
    await fireEvent.input(input, { target: { value: '1N4' } });
    const [older, newer] = backend.vin.pending;
    await newer!.resolve();
    await older!.reject(new Error('late failure'));
    expect(screen.queryByTestId('vin-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('vin-length')).toHaveTextContent('3 / 17');
  });

  it('clears the field, the report and any answer still on its way', async () => {
    const { backend, user, input } = setup({ manual: true });
    await fireEvent.input(input, { target: { value: '1N4AL3' } });
    await backend.vin.pending[0]!.resolve();
    expect(screen.getByTestId('vin-length')).toHaveTextContent('6 / 17');

    await fireEvent.input(input, { target: { value: '1N4AL3A' } });
    await user.click(screen.getByTestId('vin-clear'));
    await backend.vin.pending[0]!.resolve();

    expect(input.value).toBe('');
    expect(input).toHaveFocus();
    expect(screen.getByTestId('vin-length')).toHaveTextContent('0 / 17');
    expect(cell(1)).toHaveAttribute('data-state', 'empty');
    expect(screen.getByTestId('vin-clear')).toBeDisabled();
  });
});
