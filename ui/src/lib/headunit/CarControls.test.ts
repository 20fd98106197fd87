import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CarControl, SimulatedCar } from '../bindings';
import { backendContext } from '../backend';
import { appError } from '../backend/fixtures';
import { MockBackend, type MockBackendOptions } from '../backend/mock';
import { chargeState, closed, simulatedCar, simulatedEv } from '../dashboard/test-fixtures';
import CarControls, { CAR_POLL_MS } from './CarControls.svelte';
import { DRIVE_ROUTES, driveRoute, shortRoute } from './drive-routes';

const VIN = 'SJNTAAJ11SU512207';

/** A simulator that applies the basic controls, so the buttons follow what was sent. */
function applying(start: SimulatedCar = simulatedCar()) {
  let car = structuredClone(start);
  const apply = (_vin: string, control: CarControl): SimulatedCar => {
    const state = car.state;
    switch (control.control) {
      case 'door': {
        const field = {
          front_left: 'frontLeft',
          front_right: 'frontRight',
          rear_left: 'rearLeft',
          rear_right: 'rearRight',
          tailgate: 'tailgate',
        } as const;
        state.doors[field[control.door]] = control.open;
        break;
      }
      case 'hood':
        state.hoodOpen = control.open;
        break;
      case 'locks':
        state.locked = control.locked;
        break;
      case 'ignition':
        state.ignitionOn = control.on;
        break;
      case 'alarm':
        state.alarmTriggered = control.triggered;
        break;
      case 'coverage':
        car.coverage = control.online;
        state.online = control.online;
        break;
      case 'battery':
        state.battery12vMillivolts = control.millivolts;
        break;
      case 'energy':
        state.energy.percent = control.percent;
        break;
      case 'drive':
        car.driving = { speedKmh: control.speedKmh, remainingM: 1260, nextPoint: control.route[0]! };
        break;
      case 'stop_driving':
        car.driving = null;
        break;
      case 'plug':
        if (state.charge) {
          state.charge.pluggedIn = control.charger !== null;
          state.charge.charger = control.charger;
          if (control.charger === null) state.charge.charging = false;
        }
        break;
      case 'charge_limit':
        if (state.charge) state.charge.limitPercent = control.percent;
        break;
      default:
        break;
    }
    return structuredClone(car);
  };
  return {
    sandboxCar: () => structuredClone(car),
    controlSandboxCar: apply,
    set(next: SimulatedCar) {
      car = structuredClone(next);
    },
  };
}

function setup(options: MockBackendOptions = {}, start?: SimulatedCar) {
  const sim = applying(start);
  const backend = new MockBackend({
    sandboxCar: sim.sandboxCar,
    controlSandboxCar: sim.controlSandboxCar,
    ...options,
  });
  const result = render(CarControls, { props: { vin: VIN }, context: backendContext(backend) });
  return { backend, sim, ...result };
}

async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

function sent(backend: MockBackend): CarControl[] {
  return backend.command('controlSandboxCar').calls.map(([vin, control]) => {
    expect(vin).toBe(VIN);
    return control;
  });
}

describe('Car controls (sandbox)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the car as it is, with the note on what the controls stand for', async () => {
    const { backend } = setup();
    expect(screen.getByTestId('car-controls-loading')).toBeInTheDocument();
    await advance(0);
    expect(backend.command('sandboxCar').calls).toEqual([[VIN]]);
    expect(screen.getByTestId('car-controls-note')).toHaveTextContent(
      'Change the car as a person standing at it would; the app sees it as the car reports it.',
    );
    expect(screen.getByTestId('car-state')).toHaveTextContent('Locked');
    expect(screen.getByTestId('car-state')).toHaveTextContent('12.6 V');
    expect(screen.getByTestId('car-state')).toHaveTextContent('64 %');
    expect(screen.getByTestId('car-position')).toHaveTextContent('48.85660, 2.35220');
    for (const door of ['front_left', 'front_right', 'rear_left', 'rear_right', 'tailgate']) {
      expect(screen.getByTestId(`car-door-${door}`)).toHaveAttribute('aria-pressed', 'false');
    }
    expect(screen.getByTestId('car-hood')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('car-locks')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('car-ignition')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('car-alarm')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('car-coverage')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('car-battery-input')).toHaveValue('12.6');
    expect(screen.getByTestId('car-energy-input')).toHaveValue('64');
    expect(screen.getByTestId('car-stop-driving')).toBeDisabled();
  });

  it('asks the simulator every two seconds and follows changes made elsewhere', async () => {
    const { backend, sim } = setup();
    await advance(0);
    expect(backend.command('sandboxCar').calls).toHaveLength(1);
    sim.set(simulatedCar({ locked: false, hoodOpen: true }));
    await advance(CAR_POLL_MS);
    expect(backend.command('sandboxCar').calls).toHaveLength(2);
    expect(screen.getByTestId('car-locks')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('car-hood')).toHaveAttribute('aria-pressed', 'true');
    await advance(CAR_POLL_MS);
    expect(backend.command('sandboxCar').calls).toHaveLength(3);
  });

  it('shows the route the car received, in order, without a click', async () => {
    const { backend, sim } = setup();
    await advance(0);
    expect(screen.getByRole('heading', { name: 'Navigation' })).toBeInTheDocument();
    expect(screen.getByTestId('headunit-navigation-empty')).toHaveTextContent('No route set');
    expect(screen.queryByTestId('headunit-navigation')).not.toBeInTheDocument();

    sim.set(
      simulatedCar(
        {},
        {
          navigation: [
            { name: 'Home', latitude: 48.8566, longitude: 2.3522 },
            { name: 'Office', latitude: -33.8688, longitude: 151.2093 },
          ],
        },
      ),
    );
    await advance(CAR_POLL_MS);
    expect(backend.command('controlSandboxCar').calls).toHaveLength(0);
    const items = screen.getAllByTestId('headunit-navigation-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Home');
    expect(items[0]).toHaveTextContent('48.85660, 2.35220');
    expect(items[1]).toHaveTextContent('Office');
    expect(items[1]).toHaveTextContent('-33.86880, 151.20930');
    expect(screen.queryByTestId('headunit-navigation-empty')).not.toBeInTheDocument();

    sim.set(simulatedCar());
    await advance(CAR_POLL_MS);
    expect(screen.getByTestId('headunit-navigation-empty')).toBeInTheDocument();
  });

  it('stops asking when it closes', async () => {
    const { backend, unmount } = setup();
    await advance(0);
    unmount();
    await advance(CAR_POLL_MS * 3);
    expect(backend.command('sandboxCar').calls).toHaveLength(1);
  });

  it('opens and closes each door', async () => {
    const { backend } = setup({}, simulatedCar({ locked: false }));
    await advance(0);
    for (const door of ['front_left', 'front_right', 'rear_left', 'rear_right', 'tailgate'] as const) {
      await fireEvent.click(screen.getByTestId(`car-door-${door}`));
      await advance(0);
      expect(screen.getByTestId(`car-door-${door}`)).toHaveAttribute('aria-pressed', 'true');
    }
    await fireEvent.click(screen.getByTestId('car-door-rear_left'));
    await advance(0);
    expect(screen.getByTestId('car-door-rear_left')).toHaveAttribute('aria-pressed', 'false');
    expect(sent(backend)).toEqual([
      { control: 'door', door: 'front_left', open: true },
      { control: 'door', door: 'front_right', open: true },
      { control: 'door', door: 'rear_left', open: true },
      { control: 'door', door: 'rear_right', open: true },
      { control: 'door', door: 'tailgate', open: true },
      { control: 'door', door: 'rear_left', open: false },
    ]);
    expect(screen.getByTestId('car-state')).toHaveTextContent('Open: front left, front right, rear right, tailgate');
  });

  it('sends the hood, locks, ignition, alarm and coverage toggles', async () => {
    const { backend } = setup();
    await advance(0);
    for (const id of ['car-hood', 'car-locks', 'car-ignition', 'car-alarm', 'car-coverage']) {
      await fireEvent.click(screen.getByTestId(id));
      await advance(0);
    }
    expect(sent(backend)).toEqual([
      { control: 'hood', open: true },
      { control: 'locks', locked: false },
      { control: 'ignition', on: true },
      { control: 'alarm', triggered: true },
      { control: 'coverage', online: false },
    ]);
    expect(screen.getByTestId('car-hood')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('car-locks')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('car-ignition')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('car-alarm')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('car-coverage')).toHaveAttribute('aria-pressed', 'false');

    await fireEvent.click(screen.getByTestId('car-locks'));
    await advance(0);
    expect(sent(backend).at(-1)).toEqual({ control: 'locks', locked: true });
  });

  it('shows progress while a control is on its way, and ignores older polls meanwhile', async () => {
    const { backend } = setup({ manual: true });
    await advance(0);
    void backend.command('sandboxCar').pending[0]!.resolve();
    await advance(0);
    await fireEvent.click(screen.getByTestId('car-locks'));
    expect(screen.getByTestId('car-locks')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByTestId('car-hood')).toBeDisabled();

    // A poll that answers while the control is on its way shows the car as it was: dropped.
    await advance(CAR_POLL_MS);
    void backend.command('sandboxCar').pending[0]!.resolve();
    await advance(0);
    expect(screen.getByTestId('car-locks')).toHaveAttribute('aria-pressed', 'true');

    void backend.command('controlSandboxCar').pending[0]!.resolve();
    await advance(0);
    expect(screen.getByTestId('car-locks')).toHaveAttribute('aria-busy', 'false');
    expect(screen.getByTestId('car-locks')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('car-hood')).toBeEnabled();
  });

  it('sets the 12 V battery in volts and the fuel in percent', async () => {
    const { backend } = setup();
    await advance(0);
    const battery = screen.getByTestId('car-battery-input');
    await fireEvent.input(battery, { target: { value: '11.6' } });
    await fireEvent.click(screen.getByTestId('car-battery-set'));
    await advance(0);
    const energy = screen.getByTestId('car-energy-input');
    await fireEvent.input(energy, { target: { value: '8' } });
    await fireEvent.click(screen.getByTestId('car-energy-set'));
    await advance(0);
    expect(sent(backend)).toEqual([
      { control: 'battery', millivolts: 11_600 },
      { control: 'energy', percent: 8 },
    ]);
    expect(screen.getByTestId('car-state')).toHaveTextContent('11.6 V');
    expect(screen.getByTestId('car-state')).toHaveTextContent('8 %');
    expect(battery).toHaveValue('11.6');
  });

  it('says what to type instead of sending an empty value', async () => {
    const { backend } = setup();
    await advance(0);
    await fireEvent.input(screen.getByTestId('car-battery-input'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('car-battery-set'));
    await advance(0);
    expect(screen.getByTestId('car-control-error')).toHaveTextContent('voltage in volts');
    expect(sent(backend)).toEqual([]);
  });

  it('shows the simulator’s reason when it refuses', async () => {
    const { backend } = setup({
      controlSandboxCar: () =>
        Promise.reject(
          appError('sandbox_control_refused', 'The doors are locked: unlock the car before opening a door.'),
        ),
    });
    await advance(0);
    await fireEvent.click(screen.getByTestId('car-door-front_left'));
    await advance(0);
    const error = screen.getByTestId('car-control-error');
    expect(error).toHaveAttribute('data-code', 'sandbox_control_refused');
    expect(error).toHaveTextContent('The car won’t do that');
    expect(screen.getByTestId('car-control-error-message')).toHaveTextContent(
      'The doors are locked: unlock the car before opening a door.',
    );
    expect(screen.getByTestId('car-door-front_left')).toHaveAttribute('aria-pressed', 'false');
    expect(sent(backend)).toEqual([{ control: 'door', door: 'front_left', open: true }]);
  });

  it('shows an invalid value’s reason, and clears it on the next success', async () => {
    const sim = applying();
    const { backend } = setup({
      controlSandboxCar: (vin: string, control: CarControl) =>
        control.control === 'battery'
          ? Promise.reject(
              appError('sandbox_control_invalid', 'Set the 12 V battery from 9.0 V to 15.0 V, not 16.000 V.'),
            )
          : sim.controlSandboxCar(vin, control),
    });
    await advance(0);
    await fireEvent.input(screen.getByTestId('car-battery-input'), { target: { value: '16' } });
    await fireEvent.click(screen.getByTestId('car-battery-set'));
    await advance(0);
    expect(sent(backend)).toEqual([{ control: 'battery', millivolts: 16_000 }]);
    expect(screen.getByTestId('car-control-error')).toHaveAttribute('data-code', 'sandbox_control_invalid');
    expect(screen.getByTestId('car-control-error-message')).toHaveTextContent('from 9.0 V to 15.0 V');

    await fireEvent.click(screen.getByTestId('car-hood'));
    await advance(0);
    expect(screen.queryByTestId('car-control-error')).not.toBeInTheDocument();
  });

  it('drives a short route near the car at 50 km/h, and stops', async () => {
    const { backend } = setup();
    await advance(0);
    await fireEvent.click(screen.getByTestId('car-drive'));
    await advance(0);
    expect(sent(backend)).toEqual([
      {
        control: 'drive',
        route: [
          { latitude: 48.8596, longitude: 2.3522 },
          { latitude: 48.8596, longitude: 2.3562 },
          { latitude: 48.8566, longitude: 2.3562 },
        ],
        speedKmh: 50,
      },
    ]);
    expect(screen.getByTestId('car-driving')).toHaveTextContent(/Driving at 50 km\/h, 1.?260 m to go\./);
    expect(screen.getByTestId('car-drive')).toBeDisabled();
    expect(screen.getByTestId('car-stop-driving')).toBeEnabled();

    await fireEvent.click(screen.getByTestId('car-stop-driving'));
    await advance(0);
    expect(sent(backend).at(-1)).toEqual({ control: 'stop_driving' });
    expect(screen.getByTestId('car-stop-driving')).toBeDisabled();
    expect(screen.getByTestId('car-drive')).toBeEnabled();
  });

  it('drives out of town at a chosen speed, far enough to leave a home zone', async () => {
    const { backend } = setup();
    await advance(0);
    await fireEvent.change(screen.getByTestId('car-route'), { target: { value: 'away' } });
    expect(screen.getByTestId('car-drive-speed')).toHaveValue('50');
    await fireEvent.change(screen.getByTestId('car-drive-speed'), { target: { value: '90' } });
    expect(screen.getByTestId('car-driving')).toHaveTextContent('Six legs of 500 m due north');
    await fireEvent.click(screen.getByTestId('car-drive'));
    await advance(0);
    const control = sent(backend)[0];
    expect(control).toMatchObject({ control: 'drive', speedKmh: 90 });
    const route = (control as { route: { latitude: number; longitude: number }[] }).route;
    expect(route).toHaveLength(6);
    // 3 km due north of the car at 48.8566, 2.3522.
    expect(route.at(-1)!.latitude).toBeCloseTo(48.8566 + 3000 / 111_195, 4);
    expect(route.at(-1)!.longitude).toBeCloseTo(2.3522, 6);
  });

  it('offers a motorway route at motorway speed, for the speed alert', async () => {
    setup();
    await advance(0);
    await fireEvent.change(screen.getByTestId('car-route'), { target: { value: 'motorway' } });
    expect(screen.getByTestId('car-drive-speed')).toHaveValue('130');
  });

  it('keeps a route on the globe near the poles and the date line', () => {
    const route = shortRoute(89.999, 179.999);
    for (const point of route) {
      expect(point.latitude!).toBeLessThanOrEqual(90);
      expect(point.longitude!).toBeLessThanOrEqual(180);
    }
    expect(route).toHaveLength(3);
    for (const each of DRIVE_ROUTES) {
      for (const point of each.points(89.99, 179.99)) {
        expect(Math.abs(point.latitude!)).toBeLessThanOrEqual(90);
        expect(Math.abs(point.longitude!)).toBeLessThanOrEqual(180);
      }
    }
    // "Back" undoes "Out of town".
    const away = driveRoute('away').points(48.8566, 2.3522).at(-1)!;
    const back = driveRoute('back').points(away.latitude!, away.longitude!).at(-1)!;
    expect(back.latitude).toBeCloseTo(48.8566, 5);
  });

  it('says when the simulator does not answer', async () => {
    setup({ sandboxCar: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')) });
    await advance(0);
    expect(screen.getByTestId('car-state-error')).toHaveTextContent('Failed to connect to the server.');
    expect(screen.queryByTestId('car-locks')).not.toBeInTheDocument();
  });

  it('shows an EV’s charging in the summary, with its charger and limit controls', async () => {
    setup({}, simulatedEv());
    await advance(0);
    const charging = screen.getByTestId('car-charging-state');
    expect(charging).toHaveTextContent('Plugged in (normal), not charging, 57 % · limit 80 %');
    expect(charging).toHaveAttribute('data-plugged', 'true');
    expect(screen.getByTestId('car-climate-state')).toHaveTextContent('Off · cabin 9 °C');
    const charger = screen.getByTestId('car-plug-charger') as HTMLSelectElement;
    expect(screen.getByLabelText('Charger')).toBe(charger);
    expect([...charger.options].map((option) => option.textContent)).toEqual([
      'Slow — household socket',
      'Normal — wall box',
      'Fast — DC rapid',
    ]);
    expect(screen.getByTestId('car-plug-in')).toHaveTextContent('Plug into this charger');
    expect(screen.getByTestId('car-unplug')).toBeEnabled();
    expect(screen.getByLabelText('Charge limit (%)')).toBe(screen.getByTestId('car-charge-limit'));
    expect(screen.getByTestId('car-charge-limit')).toHaveValue(80);
  });

  it('plugs the EV into the chosen charger and unplugs it', async () => {
    const { backend } = setup({}, simulatedEv({ charge: chargeState({ pluggedIn: false, charger: null }) }));
    await advance(0);
    expect(screen.getByTestId('car-charging-state')).toHaveTextContent('Not plugged in, 57 %');
    expect(screen.getByTestId('car-unplug')).toBeDisabled();
    expect(screen.getByTestId('car-plug-in')).toHaveTextContent(/^Plug in$/);
    await fireEvent.change(screen.getByTestId('car-plug-charger'), { target: { value: 'fast' } });
    await fireEvent.click(screen.getByTestId('car-plug-in'));
    await advance(0);
    expect(screen.getByTestId('car-charging-state')).toHaveTextContent('Plugged in (fast), not charging, 57 %');
    await fireEvent.click(screen.getByTestId('car-unplug'));
    await advance(0);
    expect(sent(backend)).toEqual([
      { control: 'plug', charger: 'fast' },
      { control: 'plug', charger: null },
    ]);
    expect(screen.getByTestId('car-charging-state')).toHaveTextContent('Not plugged in, 57 %');
    expect(screen.getByTestId('car-unplug')).toBeDisabled();
  });

  it('follows the charge rising while the car charges', async () => {
    const { sim } = setup({}, simulatedEv());
    await advance(0);
    sim.set(
      simulatedEv({
        energy: { electric: true, percent: 63, rangeKm: 236 },
        charge: chargeState({ charger: 'fast', charging: true }),
      }),
    );
    await advance(CAR_POLL_MS);
    expect(screen.getByTestId('car-charging-state')).toHaveTextContent('Plugged in (fast), charging, 63 %');
    expect(screen.getByTestId('car-charging-state')).toHaveAttribute('data-charging', 'true');
  });

  it('sets the charge limit, and shows the car’s refusal of one out of range', async () => {
    const sim = applying(simulatedEv());
    const { backend } = setup({
      sandboxCar: sim.sandboxCar,
      controlSandboxCar: (vin: string, control: CarControl) =>
        control.control === 'charge_limit' && control.percent < 50
          ? Promise.reject(appError('sandbox_control_invalid', 'Set the charge limit from 50 to 100 %, not 40 %.'))
          : sim.controlSandboxCar(vin, control),
    });
    await advance(0);
    const limit = screen.getByTestId('car-charge-limit');
    await fireEvent.input(limit, { target: { value: '90' } });
    await fireEvent.click(screen.getByTestId('car-charge-limit-set'));
    await advance(0);
    expect(screen.getByTestId('car-charging-state')).toHaveTextContent('limit 90 %');

    await fireEvent.input(limit, { target: { value: '40' } });
    await fireEvent.click(screen.getByTestId('car-charge-limit-set'));
    await advance(0);
    expect(sent(backend)).toEqual([
      { control: 'charge_limit', percent: 90 },
      { control: 'charge_limit', percent: 40 },
    ]);
    const error = screen.getByTestId('car-control-error');
    expect(error).toHaveAttribute('data-code', 'sandbox_control_invalid');
    expect(screen.getByTestId('car-control-error-message')).toHaveTextContent('Set the charge limit from 50 to 100 %, not 40 %.');
    // What was typed stays to be corrected, while the car keeps its limit.
    expect(limit).toHaveValue(40);
    expect(screen.getByTestId('car-charging-state')).toHaveTextContent('limit 90 %');
  });

  it('says what to type instead of a limit that is no percentage', async () => {
    const { backend } = setup({}, simulatedEv());
    await advance(0);
    for (const typed of ['', '80.5', '150']) {
      await fireEvent.input(screen.getByTestId('car-charge-limit'), { target: { value: typed } });
      await fireEvent.click(screen.getByTestId('car-charge-limit-set'));
      await advance(0);
      expect(screen.getByTestId('car-control-error-message'), typed).toHaveTextContent(
        'Type the charge limit as a whole percentage, from 50 to 100.',
      );
    }
    expect(sent(backend)).toEqual([]);
  });

  it('has no charging for a car with an engine', async () => {
    setup();
    await advance(0);
    expect(screen.getByTestId('car-state')).toBeInTheDocument();
    expect(screen.queryByTestId('car-charging')).not.toBeInTheDocument();
    expect(screen.queryByTestId('car-charging-state')).not.toBeInTheDocument();
    expect(screen.queryByTestId('car-plug-in')).not.toBeInTheDocument();
  });

  it('starts with the doors as the car has them', async () => {
    setup({}, simulatedCar({ doors: closed({ tailgate: true }), locked: false }));
    await advance(0);
    expect(screen.getByTestId('car-door-tailgate')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('car-door-front_left')).toHaveAttribute('aria-pressed', 'false');
  });
});
