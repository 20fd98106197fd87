import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

// The phone's camera; VinScan.test.ts covers the scanner itself.
const scanner = vi.hoisted(() => ({
  scan: vi.fn(),
  cancel: vi.fn(),
  checkPermissions: vi.fn(),
  requestPermissions: vi.fn(),
  openAppSettings: vi.fn(),
}));
vi.mock('@tauri-apps/plugin-barcode-scanner', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@tauri-apps/plugin-barcode-scanner')>()),
  ...scanner,
}));
import type { Vehicle } from '../bindings';
import { loadedSession, mockBackend, screenContext } from '../app/test-support';
import { account, appError, deviceKind, vehicle, vehicleLookup, vinReport } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import LinkVehicleScreen from './LinkVehicleScreen.svelte';

const VIN = 'SJNTAAJ11SU512207';

function pendingCar(): Vehicle {
  return vehicle({
    activation: {
      state: 'pending',
      // The test's date (set in the test setup), so the link is always fresh.
      linkedAt: new Date().toISOString(),
      expiresAt: null,
      confirmedAt: null,
      syncedAt: null,
    },
  });
}

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend({
    lookupVehicle: vehicleLookup(),
    linkVehicle: pendingCar(),
    vehicle: pendingCar(),
    ...options,
  });
  const session = loadedSession(backend, { account: account({ region: 'EU' }) });
  const user = userEvent.setup();
  render(LinkVehicleScreen, {
    props: { params: new URLSearchParams() },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

type User = ReturnType<typeof userEvent.setup>;

async function typeVin(user: User, vin = VIN) {
  await user.type(screen.getByTestId('link-vin-input'), vin);
  await waitFor(() => expect(screen.getByTestId('link-vin-lookup')).toBeEnabled());
}

async function lookUp(user: User, vin = VIN) {
  await typeVin(user, vin);
  await user.click(screen.getByTestId('link-vin-lookup'));
}

async function toProof(user: User) {
  await lookUp(user);
  await user.click(await screen.findByTestId('link-continue'));
  return screen.findByTestId('link-proof-value');
}

function statuses() {
  return screen.getAllByTestId('link-step').map((el) => el.getAttribute('data-status'));
}

describe('Link a vehicle', () => {
  it('starts at the VIN step with the lookup disabled', () => {
    setup();
    expect(screen.getByTestId('screen-link-vehicle')).toBeInTheDocument();
    expect(statuses()).toEqual(['current', 'todo', 'todo', 'todo']);
    expect(screen.getByTestId('link-vin-lookup')).toBeDisabled();
    expect(screen.getByTestId('link-vin-where')).toHaveTextContent('Where do I find the VIN?');
  });

  it('offers no VIN scan on a computer', async () => {
    const { backend } = setup();
    await waitFor(() => expect(backend.command('deviceKind').calls).toHaveLength(1));
    expect(screen.queryByTestId('vin-scan')).not.toBeInTheDocument();
  });

  it('scans the VIN on a phone into the field, checks it and looks it up', async () => {
    scanner.checkPermissions.mockResolvedValue('granted');
    scanner.scan.mockResolvedValue({ content: ` i${VIN.toLowerCase()} `, format: 'CODE_39', bounds: null });
    const { backend, user } = setup({ deviceKind: deviceKind('android') });
    await user.click(await screen.findByTestId('vin-scan'));
    await waitFor(() => expect(screen.getByTestId('link-vin-input')).toHaveValue(VIN));
    expect(backend.vin.calls).toEqual([[VIN]]);
    expect(scanner.scan).toHaveBeenCalledWith(expect.objectContaining({ windowed: true }));
    await waitFor(() => expect(screen.getByTestId('link-vin-lookup')).toBeEnabled());
    await user.click(screen.getByTestId('link-vin-lookup'));
    await waitFor(() => expect(backend.command('lookupVehicle').calls).toEqual([[VIN]]));
  });

  it('checks the VIN as it is typed and keeps the lookup off while it has a problem', async () => {
    const { backend, user } = setup({
      vinCheck: (typed) =>
        typed.toUpperCase().includes('O')
          ? vinReport(typed, {
              problems: [{ code: 'vin_forbidden_letter', position: 17, message: 'Position 17: the letter O is never used in a VIN.' }],
            })
          : vinReport(typed),
    });
    const input = screen.getByTestId('link-vin-input');
    await user.type(input, 'SJNTAAJ11SU51220');
    expect(screen.getByTestId('link-vin-lookup')).toBeDisabled();
    await user.type(input, 'O');
    await waitFor(() => expect(screen.getByTestId('vin-char-17')).toHaveAttribute('data-state', 'error'));
    expect(screen.getByTestId('vin-problem')).toHaveTextContent('Position 17');
    expect(screen.getByTestId('link-vin-lookup')).toBeDisabled();
    expect(backend.command('vinCheck').calls).toHaveLength(17);

    await user.clear(input);
    await user.type(input, VIN);
    await waitFor(() => expect(screen.getByTestId('link-vin-lookup')).toBeEnabled());
    expect(screen.queryByTestId('vin-problem')).not.toBeInTheDocument();
  });

  it('offers to run the VIN check again when it failed', async () => {
    const { backend, user } = setup({
      vinCheck: () => Promise.reject(appError('internal', 'Something failed.')),
    });
    await user.type(screen.getByTestId('link-vin-input'), VIN);
    expect(await screen.findByTestId('link-vin-check-error')).toBeInTheDocument();
    expect(screen.getByTestId('link-vin-lookup')).toBeDisabled();
    backend.command('vinCheck').answer = (typed: string) => vinReport(typed);
    await user.click(screen.getByTestId('link-vin-retry'));
    await waitFor(() => expect(screen.getByTestId('link-vin-lookup')).toBeEnabled());
    expect(screen.queryByTestId('link-vin-check-error')).not.toBeInTheDocument();
  });

  it('shows what the database knows about the car', async () => {
    const { backend, user } = setup();
    await lookUp(user, 'sjnt-aaj11su512207');
    const lookup = await screen.findByTestId('link-lookup');
    expect(backend.command('lookupVehicle').calls).toEqual([[VIN]]);
    expect(within(lookup).getByTestId('link-lookup-model')).toHaveTextContent('Qashqai');
    expect(within(lookup).getByTestId('link-lookup-year')).toHaveTextContent('2025');
    expect(within(lookup).getByTestId('link-lookup-trim')).toHaveTextContent('N-Connecta');
    expect(within(lookup).getByTestId('link-lookup-equipment')).toHaveTextContent('Navigation, Heated seats');
    expect(within(lookup).getByTestId('link-lookup-market')).toHaveTextContent('EU');
    expect(within(lookup).getByTestId('link-lookup-telematics')).toHaveTextContent('Unit fitted · SIM active');
    expect(within(lookup).getByTestId('link-lookup-generation')).toHaveTextContent('NissanConnect (current generation)');
    expect(within(lookup).getByTestId('link-lookup-firmware')).toHaveTextContent('4.2.1');
    expect(screen.queryByTestId('link-unsupported')).not.toBeInTheDocument();
    expect(statuses()).toEqual(['done', 'current', 'todo', 'todo']);
  });

  it('shows progress while looking the car up', async () => {
    let answer: (value: ReturnType<typeof vehicleLookup>) => void = () => {};
    const { user } = setup({ lookupVehicle: () => new Promise((resolve) => (answer = resolve)) });
    await typeVin(user);
    await user.click(screen.getByTestId('link-vin-lookup'));
    expect(screen.getByTestId('link-vin-lookup')).toBeDisabled();
    expect(screen.getByTestId('link-vin-lookup')).toHaveTextContent('Looking the car up');
    answer(vehicleLookup());
    expect(await screen.findByTestId('link-lookup')).toBeInTheDocument();
  });

  it.each([
    ['legacy', 2016, 'NissanConnect 1.0/2.0'],
    ['none', 2012, 'No connected services'],
  ] as const)('says clearly that a %s car cannot be controlled', async (generation, modelYear, label) => {
    const { user } = setup({
      lookupVehicle: vehicleLookup({ generation, generationLabel: label, modelYear }),
    });
    await lookUp(user);
    const unsupported = await screen.findByTestId('link-unsupported');
    expect(unsupported).toHaveTextContent(`This ${modelYear} car has ${label} without remote services: Keyfob can’t control it.`);
    expect(screen.queryByTestId('link-continue')).not.toBeInTheDocument();
    expect(screen.getByTestId('link-back')).toBeInTheDocument();
    if (generation === 'none') {
      expect(screen.queryByTestId('link-unsupported-continue')).not.toBeInTheDocument();
    } else {
      await user.click(screen.getByTestId('link-unsupported-continue'));
      expect(await screen.findByTestId('link-unsupported-note')).toBeInTheDocument();
    }
  });

  it('warns before linking a car whose SIM is not activated', async () => {
    const { user } = setup({ lookupVehicle: vehicleLookup({ sim: 'not_activated' }) });
    await lookUp(user);
    expect(await screen.findByTestId('link-lookup-telematics')).toHaveTextContent('SIM not activated');
    expect(screen.getByTestId('link-lookup-issue')).toHaveTextContent('dealer');
  });

  it('links the car with the proof and shows the activation steps', async () => {
    const { backend, user } = setup();
    const value = await toProof(user);
    expect(statuses()).toEqual(['done', 'done', 'current', 'todo']);
    expect(screen.getByTestId('link-submit')).toBeDisabled();

    await user.selectOptions(screen.getByTestId('link-proof-kind'), 'first_registration');
    expect(screen.getByTestId('link-proof-where')).toHaveTextContent('registration certificate');
    await user.type(value, ' 2025-12-04 ');
    await user.click(screen.getByTestId('link-submit'));

    expect(await screen.findByTestId('activation-steps')).toBeInTheDocument();
    expect(backend.command('linkVehicle').calls).toEqual([
      [{ vin: VIN, proof: { kind: 'first_registration', value: '2025-12-04' } }],
    ]);
    expect(statuses()).toEqual(['done', 'done', 'done', 'current']);
    expect(screen.getByTestId('activation-step-pending')).toHaveAttribute('data-status', 'current');
    expect(screen.queryByTestId('link-finish')).not.toBeInTheDocument();
    expect(screen.getByTestId('link-later')).toHaveAttribute('href', '#/vehicles');
  });

  it('says where to find each kind of proof', async () => {
    const { user } = setup();
    await toProof(user);
    const where = () => screen.getByTestId('link-proof-where');
    expect(where()).toHaveTextContent('windscreen');
    expect(where()).toHaveTextContent('door pillar');
    await user.selectOptions(screen.getByTestId('link-proof-kind'), 'warranty_code');
    expect(where()).toHaveTextContent('warranty book');
  });

  it('shows progress while linking', async () => {
    let answer: (value: Vehicle) => void = () => {};
    const { user } = setup({ linkVehicle: () => new Promise((resolve) => (answer = resolve)) });
    const value = await toProof(user);
    await user.type(value, 'BN-1234');
    await user.click(screen.getByTestId('link-submit'));
    expect(screen.getByTestId('link-submit')).toBeDisabled();
    expect(screen.getByTestId('link-submit')).toHaveTextContent('Linking…');
    answer(pendingCar());
    expect(await screen.findByTestId('activation-steps')).toBeInTheDocument();
  });

  it('offers Finish once the car is active', async () => {
    const { user } = setup({ linkVehicle: vehicle() });
    const value = await toProof(user);
    await user.type(value, 'BN-1234');
    await user.click(screen.getByTestId('link-submit'));
    const finish = await screen.findByTestId('link-finish');
    expect(screen.getByTestId('activation-done')).toBeInTheDocument();
    expect(statuses()).toEqual(['done', 'done', 'done', 'done']);
    await user.click(finish);
    expect(window.location.hash).toBe('#/vehicles');
  });

  describe('lookup errors', () => {
    it.each([
      ['vehicle_not_in_database', 'This VIN is not in the database for your region.', 'dealer'],
      ['no_telematics_unit', 'This car has no telematics unit.', 'telematics unit'],
      ['sim_not_activated', 'The SIM in this car is not activated.', 'dealer has to activate the SIM'],
      ['vehicle_already_linked', 'This car is linked to another account.', 'previous owner has to remove'],
      ['vehicle_already_yours', 'This car is already on your account.', 'My vehicles'],
      ['vin_not_nissan', 'This VIN is not from Nissan.', 'correct it'],
    ])('%s: the message, what to do, and the VIN kept', async (code, message, advice) => {
      const { user } = setup({ lookupVehicle: () => Promise.reject(appError(code, message)) });
      await lookUp(user);
      const error = await screen.findByTestId('link-error');
      expect(error).toHaveAttribute('data-code', code);
      expect(screen.getByTestId('link-error-message')).toHaveTextContent(message);
      expect(screen.getByTestId('link-error-guidance')).toHaveTextContent(advice);
      expect(screen.getByTestId('link-vin-input')).toHaveValue(VIN);
      expect(statuses()).toEqual(['current', 'todo', 'todo', 'todo']);
    });

    it('market_mismatch names both regions', async () => {
      const { user } = setup({
        lookupVehicle: () =>
          Promise.reject(appError('market_mismatch', 'This car was sold for another market.')),
      });
      await lookUp(user);
      const error = await screen.findByTestId('link-error');
      expect(error).toHaveAttribute('data-code', 'market_mismatch');
      const guidance = screen.getByTestId('link-error-guidance');
      expect(guidance).toHaveTextContent('European Union');
      expect(guidance).toHaveTextContent('region is the car’s own market');
    });

    it('lets the person try again after a connection failure', async () => {
      const { backend, user } = setup({
        lookupVehicle: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
      });
      await lookUp(user);
      await screen.findByTestId('link-error');
      backend.command('lookupVehicle').answer = vehicleLookup();
      await user.click(screen.getByTestId('link-error-retry'));
      expect(await screen.findByTestId('link-lookup')).toBeInTheDocument();
    });

    it('hides the error once the VIN is changed', async () => {
      const { user } = setup({
        lookupVehicle: () => Promise.reject(appError('vehicle_not_in_database', 'Not in the database.')),
      });
      await lookUp(user);
      await screen.findByTestId('link-error');
      await user.type(screen.getByTestId('link-vin-input'), '{Backspace}');
      expect(screen.queryByTestId('link-error')).not.toBeInTheDocument();
    });
  });

  describe('linking errors', () => {
    async function failLink(code: string, message: string, extra: object = {}) {
      const context = setup({
        linkVehicle: () => Promise.reject(appError(code, message, extra)),
      });
      const value = await toProof(context.user);
      await context.user.type(value, 'BN-1234');
      await context.user.click(screen.getByTestId('link-submit'));
      await screen.findByTestId('link-error');
      return context;
    }

    it('proof_wrong: where to look, the field marked, the answer kept', async () => {
      await failLink('proof_wrong', 'The body number does not match our records.', { field: 'proof' });
      expect(screen.getByTestId('link-error')).toHaveAttribute('data-code', 'proof_wrong');
      expect(screen.getByTestId('link-error-message')).toHaveTextContent('does not match');
      expect(screen.getByTestId('link-error-guidance')).toHaveTextContent('registration certificate');
      expect(screen.getByTestId('link-proof-value')).toHaveValue('BN-1234');
      expect(screen.getByTestId('link-proof-value')).toHaveAttribute('aria-invalid', 'true');
      expect(screen.getByTestId('link-submit')).toBeEnabled();
    });

    it('proof_invalid: the expected form', async () => {
      await failLink('proof_invalid', 'That is not a body number.');
      expect(screen.getByTestId('link-error-guidance')).toHaveTextContent('exactly as printed');
      expect(screen.getByTestId('link-proof-value')).toHaveAttribute('aria-invalid', 'true');
    });

    it('proof_locked: a countdown, and no new attempt until it ends', async () => {
      await failLink('proof_locked', 'Too many wrong answers.', { retryAfterSeconds: 900 });
      expect(screen.getByTestId('link-error')).toHaveAttribute('data-code', 'proof_locked');
      expect(screen.getByTestId('link-error-countdown')).toHaveTextContent('15 min');
      expect(screen.getByTestId('link-error-guidance')).toHaveTextContent('paused');
      expect(screen.getByTestId('link-submit')).toBeDisabled();
    });

    it.each([
      ['vehicle_already_linked', 'previous owner'],
      ['sim_not_activated', 'dealer'],
      ['market_mismatch', 'market'],
      ['vehicle_not_in_database', 'dealer'],
      ['no_telematics_unit', 'telematics unit'],
      ['vehicle_already_yours', 'My vehicles'],
    ])('%s at linking: guidance, and a way back to the VIN', async (code, advice) => {
      const { user } = await failLink(code, `Refused: ${code}.`);
      expect(screen.getByTestId('link-error')).toHaveAttribute('data-code', code);
      expect(screen.getByTestId('link-error-guidance')).toHaveTextContent(advice);
      await user.click(screen.getByTestId('link-back'));
      expect(screen.getByTestId('link-vin-input')).toHaveValue(VIN);
      expect(statuses()[0]).toBe('current');
    });

    it('keeps the proof when the VIN is looked up again', async () => {
      const { user } = await failLink('proof_wrong', 'Wrong.');
      await user.click(screen.getByTestId('link-back'));
      await user.click(screen.getByTestId('link-vin-lookup'));
      await user.click(await screen.findByTestId('link-continue'));
      expect(screen.getByTestId('link-proof-value')).toHaveValue('BN-1234');
    });

    it('sends the person to Sign in when the session ended', async () => {
      const { session, user } = setup({
        linkVehicle: () => Promise.reject(appError('session_revoked', 'You were signed out.')),
      });
      const value = await toProof(user);
      await user.type(value, 'BN-1234');
      await user.click(screen.getByTestId('link-submit'));
      await waitFor(() => expect(session.account).toBeNull());
      expect(window.location.hash).toContain('#/sign-in');
      expect(screen.queryByTestId('link-error')).not.toBeInTheDocument();
    });
  });

  it('goes to Sign in when the session ends during the lookup', async () => {
    const { session, user } = setup({
      lookupVehicle: () => Promise.reject(appError('session_expired', 'Your session has ended.')),
    });
    await lookUp(user);
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
    expect(screen.queryByTestId('link-error')).not.toBeInTheDocument();
  });
});
