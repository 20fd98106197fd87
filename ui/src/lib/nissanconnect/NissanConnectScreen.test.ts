import { render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import {
  account,
  appError,
  done,
  nissanCar,
  nissanConnection,
  nissanNotConnected,
  nissanVehicle,
} from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import type { BackendInfo } from '../bindings';
import NissanConnectScreen from './NissanConnectScreen.svelte';

const LEAF = nissanCar();
const MICRA = nissanCar({
  vin: 'SJNFBAK14U0000002',
  model: 'Micra',
  modelYear: 2019,
  nickname: null,
  electric: false,
  vehicleId: 'veh_micra',
});
const NOTE = nissanCar({
  vin: 'SJNFCAE11U0000003',
  model: 'Note',
  modelYear: null,
  nickname: null,
  electric: false,
  unavailableReason: 'NissanConnect Services are not active on this car.',
});

function setup(options: MockBackendOptions = {}, info: Partial<BackendInfo> = {}) {
  const backend = mockBackend({ nissanconnect: nissanNotConnected(), ...options });
  const session = loadedSession(backend, { account: account(), info });
  const user = setupUser();
  render(NissanConnectScreen, { context: screenContext(backend, session) });
  return { backend, session, user };
}

async function signIn(user: ReturnType<typeof setupUser>, email = 'owner@example.com', password = 'Nissan-pass1') {
  await screen.findByTestId('nc-sign-in');
  if (email) await user.type(screen.getByTestId('nc-email'), email);
  if (password) await user.type(screen.getByTestId('nc-password'), password);
  await user.click(screen.getByTestId('nc-connect'));
}

describe('NissanConnect: signing in', () => {
  beforeEach(() => {
    window.location.hash = '#/nissanconnect';
  });

  it('asks for the NissanConnect email and password, and says only the tokens are kept', async () => {
    setup();
    const form = await screen.findByTestId('nc-sign-in');
    expect(form).toHaveTextContent('keeps only the sign-in tokens');
    expect(form).toHaveTextContent('never the password');
    expect(screen.getByTestId('nc-password')).toHaveAttribute('type', 'password');
    expect(screen.queryByTestId('nc-sign-in-again')).not.toBeInTheDocument();
  });

  it('signs in and shows the cars of the account', async () => {
    const { backend, user } = setup({ connectNissanconnect: nissanConnection({ cars: [LEAF] }) });
    await signIn(user, ' owner@example.com ');
    expect(backend.command('connectNissanconnect').calls).toEqual([['owner@example.com', 'Nissan-pass1']]);
    expect(await screen.findByTestId('nc-email-hint')).toHaveTextContent('o•••@example.com');
    expect(screen.getByTestId(`nc-car-${LEAF.vin}`)).toBeInTheDocument();
    expect(screen.queryByTestId('nc-sign-in')).not.toBeInTheDocument();
  });

  it('shows a spinner while Nissan answers, and keeps the button from being pressed twice', async () => {
    const { backend, user } = setup({ manual: true });
    await backend.command('nissanconnect').pending[0]!.resolve();
    await signIn(user);
    expect(screen.getByTestId('nc-connecting')).toHaveTextContent('Signing in to NissanConnect…');
    expect(screen.getByTestId('nc-connecting')).toHaveTextContent('half a minute');
    expect(screen.getByTestId('nc-connect')).toBeDisabled();
    await backend.command('connectNissanconnect').pending[0]!.resolve(nissanConnection());
    expect(screen.queryByTestId('nc-connecting')).not.toBeInTheDocument();
    expect(backend.command('connectNissanconnect').calls).toHaveLength(1);
  });

  it('asks for both fields before calling Nissan', async () => {
    const { backend, user } = setup();
    await signIn(user, '', '');
    expect(screen.getByTestId('nc-email-error')).toHaveTextContent('email address of your NissanConnect account');
    expect(screen.getByTestId('nc-password-error')).toHaveTextContent('NissanConnect password');
    expect(backend.command('connectNissanconnect').calls).toHaveLength(0);
  });

  it('puts wrong credentials on the password field, in the server’s words', async () => {
    const { user } = setup({
      connectNissanconnect: () =>
        Promise.reject(
          appError('nissanconnect_credentials', 'Nissan did not accept this email and password.', {
            field: 'password',
          }),
        ),
    });
    await signIn(user);
    expect(await screen.findByTestId('nc-password-error')).toHaveTextContent(
      'Nissan did not accept this email and password.',
    );
    expect(screen.queryByTestId('nc-error')).not.toBeInTheDocument();
  });

  it('puts an invalid email address on the email field', async () => {
    const { user } = setup({
      connectNissanconnect: () =>
        Promise.reject(appError('email_invalid', 'That is not an email address.', { field: 'email' })),
    });
    await signIn(user, 'owner');
    expect(await screen.findByTestId('nc-email-error')).toHaveTextContent('That is not an email address.');
  });

  it.each([
    ['nissanconnect_locked', 'Nissan has locked this account.'],
    ['nissanconnect_incomplete', 'Accept the terms in the MyNISSAN app.'],
  ])('shows %s with the server’s words on what to do next', async (code, message) => {
    const { user } = setup({ connectNissanconnect: () => Promise.reject(appError(code, message)) });
    await signIn(user);
    const error = await screen.findByTestId('nc-error');
    expect(error).toHaveAttribute('data-code', code);
    expect(screen.getByTestId('nc-error-message')).toHaveTextContent(message);
  });

  it.each([
    ['nissanconnect_unavailable', 'Nissan’s service is down.'],
    ['too_many_attempts', 'Too many attempts.'],
  ])('waits as %s asks before signing in again', async (code, message) => {
    const { user } = setup({
      connectNissanconnect: () => Promise.reject(appError(code, message, { retryAfterSeconds: 90 })),
    });
    await signIn(user);
    expect(await screen.findByTestId('nc-error-message')).toHaveTextContent(message);
    expect(screen.getByTestId('nc-countdown')).toHaveTextContent(/You can try again in 1 min \d+ s/);
    expect(screen.getByTestId('nc-connect')).toBeDisabled();
  });

  it('says Nissan ended the sign-in and the car is out of reach until the owner signs in again', async () => {
    setup({ nissanconnect: nissanConnection({ state: 'sign_in_again', cars: [LEAF] }) });
    const notice = await screen.findByTestId('nc-sign-in-again');
    expect(notice).toHaveTextContent('Nissan has ended');
    expect(notice).toHaveTextContent('cannot be read or controlled until you sign in again');
    expect(screen.getByTestId('nc-email')).toBeInTheDocument();
    expect(screen.queryByTestId(`nc-car-${LEAF.vin}`)).not.toBeInTheDocument();
  });

  it('says so when the backend does not reach cars through NissanConnect', async () => {
    setup({ nissanconnect: () => Promise.reject(appError('nissanconnect_not_enabled', 'Not here.')) });
    expect(await screen.findByTestId('nc-not-enabled')).toBeInTheDocument();
    expect(screen.queryByTestId('nc-sign-in')).not.toBeInTheDocument();
  });

  it('offers to try again when the connection cannot be read', async () => {
    const { backend, user } = setup({ nissanconnect: () => Promise.reject(appError('unreachable', 'No server.')) });
    await screen.findByTestId('nc-load-error');
    backend.command('nissanconnect').answer = nissanNotConnected();
    await user.click(screen.getByTestId('nc-load-error-retry'));
    expect(await screen.findByTestId('nc-sign-in')).toBeInTheDocument();
  });
});

describe('NissanConnect: the cars', () => {
  beforeEach(() => {
    window.location.hash = '#/nissanconnect';
  });

  it('lists each car with its model, year, nickname and whether it is electric', async () => {
    setup({ nissanconnect: nissanConnection({ cars: [LEAF, MICRA, NOTE] }) });
    const leaf = await screen.findByTestId(`nc-car-${LEAF.vin}`);
    expect(leaf).toHaveTextContent('Leaf 2022');
    expect(leaf).toHaveTextContent('The blue one');
    expect(within(leaf).getByTestId(`nc-car-electric-${LEAF.vin}`)).toHaveTextContent('Electric');
    expect(within(leaf).getByTestId(`nc-link-${LEAF.vin}`)).toBeEnabled();
    expect(within(leaf).queryByTestId(`nc-open-${LEAF.vin}`)).not.toBeInTheDocument();

    const micra = screen.getByTestId(`nc-car-${MICRA.vin}`);
    expect(micra).toHaveTextContent('Micra 2019');
    expect(within(micra).queryByTestId(`nc-car-electric-${MICRA.vin}`)).not.toBeInTheDocument();
    expect(within(micra).getByTestId(`nc-open-${MICRA.vin}`)).toBeInTheDocument();
    expect(within(micra).queryByTestId(`nc-link-${MICRA.vin}`)).not.toBeInTheDocument();

    const note = screen.getByTestId(`nc-car-${NOTE.vin}`);
    expect(note).toHaveTextContent('Note');
    expect(note).not.toHaveTextContent('null');
    expect(within(note).getByTestId(`nc-car-unavailable-${NOTE.vin}`)).toHaveTextContent(
      'NissanConnect Services are not active on this car.',
    );
    expect(within(note).queryByTestId(`nc-link-${NOTE.vin}`)).not.toBeInTheDocument();
  });

  it('says how often Keyfob reads the car and how rarely it wakes it', async () => {
    setup({ nissanconnect: nissanConnection({ readEveryMinutes: 15, wakeEveryMinutes: 60 }) });
    const note = await screen.findByTestId('nc-schedule');
    expect(note).toHaveTextContent('Every 15 min Keyfob reads the values your car last sent to Nissan, without waking the car.');
    expect(note).toHaveTextContent('“Refresh from the car”');
    expect(note).toHaveTextContent('at most once every 60 min');
  });

  it('links a car, reads the vehicle list again and opens the new car’s dashboard', async () => {
    const { backend, user } = setup({
      nissanconnect: nissanConnection({ cars: [LEAF] }),
      linkNissanCar: nissanVehicle(),
      vehicles: { vehicles: [nissanVehicle()], selectedId: null, offline: null, savedAt: null },
    });
    await user.click(await screen.findByTestId(`nc-link-${LEAF.vin}`));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard?id=veh_nissan_leaf'));
    expect(backend.command('linkNissanCar').calls).toEqual([[LEAF.vin]]);
    expect(backend.command('vehicles').calls).toHaveLength(1);
    expect(backend.command('selectVehicle').calls).toEqual([['veh_nissan_leaf']]);
  });

  it('shows that a car is being linked', async () => {
    const { backend, user } = setup({ nissanconnect: nissanConnection({ cars: [LEAF, MICRA] }), manual: true });
    await backend.command('nissanconnect').pending[0]!.resolve();
    await user.click(await screen.findByTestId(`nc-link-${LEAF.vin}`));
    expect(screen.getByTestId(`nc-link-${LEAF.vin}`)).toHaveTextContent('Linking…');
    expect(screen.getByTestId(`nc-link-${LEAF.vin}`)).toBeDisabled();
    expect(screen.getByTestId(`nc-open-${MICRA.vin}`)).toBeDisabled();
    await backend.command('linkNissanCar').pending[0]!.reject(appError('vehicle_already_linked', 'Taken.'));
  });

  it('opens a car already linked, selecting it as My vehicles does', async () => {
    const { backend, user } = setup({ nissanconnect: nissanConnection({ cars: [MICRA] }) });
    await user.click(await screen.findByTestId(`nc-open-${MICRA.vin}`));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard?id=veh_micra'));
    expect(backend.command('selectVehicle').calls).toEqual([['veh_micra']]);
    expect(backend.command('linkNissanCar').calls).toHaveLength(0);
  });

  it.each([
    ['vehicle_already_linked', 'Another account holds this car.'],
    ['vehicle_already_yours', 'You already have this car.'],
    ['nissanconnect_car_not_in_account', 'Not in your account.'],
    ['market_mismatch', 'A car of another market.'],
  ])('shows a refused link (%s) beside the car, in the server’s words', async (code, message) => {
    const { user } = setup({
      nissanconnect: nissanConnection({ cars: [LEAF] }),
      linkNissanCar: () => Promise.reject(appError(code, message)),
    });
    await user.click(await screen.findByTestId(`nc-link-${LEAF.vin}`));
    const row = screen.getByTestId(`nc-car-${LEAF.vin}`);
    const error = await within(row).findByTestId('nc-link-error');
    expect(error).toHaveTextContent(message);
    expect(error).toHaveAttribute('data-code', code);
    expect(window.location.hash).toBe('#/nissanconnect');
  });

  it('lets the owner retry a link once Nissan’s service is back', async () => {
    let down = true;
    const { backend, user } = setup({
      nissanconnect: nissanConnection({ cars: [LEAF] }),
      linkNissanCar: () =>
        down
          ? Promise.reject(appError('nissanconnect_unavailable', 'Nissan is down.'))
          : Promise.resolve(nissanVehicle()),
      vehicles: { vehicles: [nissanVehicle()], selectedId: null, offline: null, savedAt: null },
    });
    await user.click(await screen.findByTestId(`nc-link-${LEAF.vin}`));
    await screen.findByTestId('nc-link-error');
    down = false;
    await user.click(screen.getByTestId(`nc-link-${LEAF.vin}`));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard?id=veh_nissan_leaf'));
    expect(backend.command('linkNissanCar').calls).toHaveLength(2);
  });

  it('asks for the sign-in again when Nissan ended it while linking', async () => {
    const { user } = setup({
      nissanconnect: nissanConnection({ cars: [LEAF] }),
      linkNissanCar: () => Promise.reject(appError('nissanconnect_reconnect', 'Sign in again.')),
    });
    await user.click(await screen.findByTestId(`nc-link-${LEAF.vin}`));
    expect(await screen.findByTestId('nc-sign-in-again')).toBeInTheDocument();
    expect(screen.getByTestId('nc-email')).toBeInTheDocument();
  });

  it('says when the account has no car', async () => {
    setup({ nissanconnect: nissanConnection({ cars: [] }) });
    expect(await screen.findByTestId('nc-no-cars')).toHaveTextContent('MyNISSAN app');
  });
});

describe('NissanConnect: disconnecting', () => {
  it('asks once more, then disconnects and shows the sign-in form again', async () => {
    const { backend, user } = setup({
      nissanconnect: nissanConnection(),
      disconnectNissanconnect: done('Disconnected.'),
    });
    await user.click(await screen.findByTestId('nc-disconnect'));
    expect(backend.command('disconnectNissanconnect').calls).toHaveLength(0);
    expect(screen.getByTestId('nc-disconnect-confirm-step')).toHaveTextContent('deletes its sign-in tokens');
    backend.command('nissanconnect').answer = nissanNotConnected();
    await user.click(screen.getByTestId('nc-disconnect-confirm'));
    expect(backend.command('disconnectNissanconnect').calls).toHaveLength(1);
    expect(await screen.findByTestId('nc-sign-in')).toBeInTheDocument();
    expect(screen.queryByTestId('nc-email-hint')).not.toBeInTheDocument();
  });

  it('keeps the connection when the owner changes their mind', async () => {
    const { backend, user } = setup({ nissanconnect: nissanConnection() });
    await user.click(await screen.findByTestId('nc-disconnect'));
    await user.click(screen.getByTestId('nc-disconnect-cancel'));
    expect(screen.queryByTestId('nc-disconnect-confirm')).not.toBeInTheDocument();
    expect(screen.getByTestId('nc-disconnect')).toBeInTheDocument();
    expect(backend.command('disconnectNissanconnect').calls).toHaveLength(0);
  });

  it('shows a failed disconnect with Retry', async () => {
    const { user } = setup({
      nissanconnect: nissanConnection(),
      disconnectNissanconnect: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    await user.click(await screen.findByTestId('nc-disconnect'));
    await user.click(screen.getByTestId('nc-disconnect-confirm'));
    expect(await screen.findByTestId('nc-disconnect-error')).toHaveTextContent('Failed to connect');
    expect(screen.getByTestId('nc-disconnect-error-retry')).toBeInTheDocument();
    expect(screen.getByTestId('nc-email-hint')).toBeInTheDocument();
  });
});

describe('NissanConnect in personal mode', () => {
  it('says alerts are judged only while the app runs', async () => {
    setup({}, { mode: 'personal' } as Partial<BackendInfo>);
    expect(await screen.findByTestId('nc-personal-note')).toHaveTextContent('only while the app is running');
  });

  it('has no such note on a server', async () => {
    setup({}, { mode: 'server', baseUrl: 'https://keyfob.example.com' } as Partial<BackendInfo>);
    await screen.findByTestId('nc-sign-in');
    expect(screen.queryByTestId('nc-personal-note')).not.toBeInTheDocument();
  });
});
