import { screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { appError, vehicle } from '../backend/fixtures';
import { AVAILABLE, fill, setup } from './test-support';

describe('Send to car: the form', () => {
  it('loads the car and shows one empty waypoint', async () => {
    const { backend } = setup();
    expect(screen.getByTestId('send-loading')).toBeInTheDocument();
    expect(await screen.findByTestId('send-form')).toBeInTheDocument();
    expect(backend.command('vehicle').calls).toEqual([['veh_qashqai']]);
    expect(screen.getByRole('heading', { level: 1 })).toHaveAttribute('tabindex', '-1');
    expect(screen.getByTestId('send-back')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    expect(screen.getByTestId('send-intro')).toHaveTextContent('Qashqai 2025');
    expect(screen.getByTestId('send-name-1')).toHaveValue('');
    expect(screen.queryByTestId('send-remove-1')).not.toBeInTheDocument();
    expect(screen.queryByTestId('send-lock')).not.toBeInTheDocument();
    expect(screen.getByTestId('send-submit')).toBeEnabled();
  });

  it('says what each field needs, keeps what was typed, and sends nothing', async () => {
    const { backend, user } = setup();
    await screen.findByTestId('send-form');
    await user.click(screen.getByTestId('send-submit'));
    expect(screen.getByTestId('send-name-1-error')).toHaveTextContent('Give waypoint 1 a name');
    expect(screen.getByTestId('send-lat-1-error')).toHaveTextContent('Type the latitude');
    expect(screen.getByTestId('send-lon-1-error')).toHaveTextContent('Type the longitude');
    expect(screen.getByTestId('send-name-1')).toHaveFocus();

    await user.type(screen.getByTestId('send-name-1'), 'x'.repeat(65));
    expect(screen.getByTestId('send-name-1-error')).toHaveTextContent('64 characters; this one has 65');
    await user.type(screen.getByTestId('send-lat-1'), '95');
    expect(screen.getByTestId('send-lat-1-error')).toHaveTextContent('Latitude runs from −90');
    await user.type(screen.getByTestId('send-lon-1'), 'east');
    expect(screen.getByTestId('send-lon-1-error')).toHaveTextContent('The longitude must be a number');
    await user.click(screen.getByTestId('send-submit'));

    expect(backend.command('sendCommand').calls).toHaveLength(0);
    expect(screen.getByTestId('send-name-1')).toHaveValue('x'.repeat(65));
    expect(screen.getByTestId('send-lat-1')).toHaveValue('95');
    expect(screen.getByTestId('send-lon-1')).toHaveValue('east');

    await user.clear(screen.getByTestId('send-lon-1'));
    await user.type(screen.getByTestId('send-lon-1'), '-190');
    expect(screen.getByTestId('send-lon-1-error')).toHaveTextContent('Longitude runs from −180 to 180');
    await user.clear(screen.getByTestId('send-lon-1'));
    await user.type(screen.getByTestId('send-lon-1'), '2,35');
    expect(screen.getByTestId('send-lon-1-error')).toHaveTextContent('Use a point for decimals: 2.35');
  });

  it('shows a range problem as it is typed, and a missing value only once the field is left', async () => {
    const { user } = setup();
    await screen.findByTestId('send-form');
    await user.type(screen.getByTestId('send-lat-1'), '-91');
    expect(screen.getByTestId('send-lat-1-error')).toHaveTextContent('off the map');
    expect(screen.queryByTestId('send-name-1-error')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('send-name-1'));
    await user.tab();
    expect(screen.getByTestId('send-name-1-error')).toBeInTheDocument();
    await user.type(screen.getByTestId('send-name-1'), 'Home');
    expect(screen.queryByTestId('send-name-1-error')).not.toBeInTheDocument();
  });

  it('splits a pasted "lat, lon" pair into both fields', async () => {
    const { user } = setup();
    await screen.findByTestId('send-form');
    await user.click(screen.getByTestId('send-lat-1'));
    await user.paste('51.50073, -0.12463');
    expect(screen.getByTestId('send-lat-1')).toHaveValue('51.50073');
    expect(screen.getByTestId('send-lon-1')).toHaveValue('-0.12463');

    // A single number pastes as it is.
    await user.clear(screen.getByTestId('send-lat-1'));
    await user.paste('48.8566');
    expect(screen.getByTestId('send-lat-1')).toHaveValue('48.8566');
    expect(screen.getByTestId('send-lon-1')).toHaveValue('-0.12463');
  });

  it('adds up to five waypoints and removes any but the last', async () => {
    const { user } = setup();
    await screen.findByTestId('send-form');
    for (let n = 2; n <= 5; n++) {
      await user.click(screen.getByTestId('send-add'));
      expect(screen.getByTestId(`send-name-${n}`)).toHaveFocus();
    }
    expect(screen.getByTestId('send-add')).toBeDisabled();
    expect(screen.getByTestId('send-count')).toHaveTextContent('5 waypoints is the most');
    expect(screen.queryByTestId('send-name-6')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('send-name-3'), 'Third');
    await user.click(screen.getByTestId('send-remove-2'));
    expect(screen.getByTestId('send-name-2')).toHaveValue('Third');
    expect(screen.getByTestId('send-add')).toBeEnabled();
    for (const n of [4, 3, 2]) await user.click(screen.getByTestId(`send-remove-${n}`));
    expect(screen.getByTestId('send-count')).toHaveAttribute('data-count', '1');
    expect(screen.queryByTestId('send-remove-1')).not.toBeInTheDocument();
  });

  it('greys out the send when the subscription does not include it', async () => {
    const { backend, user } = setup({
      vehicle: vehicle({
        entitlements: [
          {
            feature: 'send_to_car',
            label: 'Send to car',
            entitlement: { status: 'locked', code: 'subscription_required', reason: 'Needs Premium.', unlock: 'Subscribe to Premium.' },
          },
        ],
      }),
    });
    const lock = await screen.findByTestId('send-lock');
    expect(lock).toHaveTextContent('Needs Premium. Subscribe to Premium.');
    expect(within(lock).getByTestId('send-lock-subscribe')).toHaveAttribute('href', '#/vehicle/subscription?id=veh_qashqai');
    await fill(user, 1, 'Home', '48.8566', '2.3522');
    expect(screen.getByTestId('send-submit')).toBeDisabled();
    expect(backend.command('sendCommand').calls).toHaveLength(0);
  });

  it('greys out the send of a car reported stolen, with the reason', async () => {
    const { backend, user } = setup({ vehicle: { ...AVAILABLE, reportedStolenAt: '2026-11-23T09:30:00Z' } });
    const lock = await screen.findByTestId('send-lock');
    expect(lock).toHaveTextContent('Reported stolen: remote commands are blocked until you withdraw the report');
    expect(within(lock).queryByTestId('send-lock-subscribe')).not.toBeInTheDocument();
    await fill(user, 1, 'Home', '48.8566', '2.3522');
    expect(screen.getByTestId('send-submit')).toBeDisabled();
    expect(backend.command('sendCommand').calls).toHaveLength(0);
  });

  it('says which car is missing', async () => {
    setup({ vehicle: () => Promise.reject(appError('vehicle_not_found', 'This vehicle is not on your account.')) });
    expect(await screen.findByTestId('send-load-error')).toHaveTextContent('not on your account');
    expect(screen.queryByTestId('send-form')).not.toBeInTheDocument();
  });

  it('asks for a car when none is named', () => {
    setup({}, '');
    expect(screen.getByTestId('send-missing')).toBeInTheDocument();
  });
});
