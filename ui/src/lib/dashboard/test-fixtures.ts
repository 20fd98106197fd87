// Status and simulated-car fixtures for the dashboard and car-controls tests.
import type {
  CarSnapshot,
  Openings,
  Reported,
  SimulatedCar,
  StatusConcerns,
  StatusView,
  VehicleStatus,
} from '../bindings';

/** The moment the tests' clock stands at. */
export const NOW = new Date('2026-11-23T12:00:00Z');

/** An RFC 3339 time `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString();
}

export function closed(overrides: Partial<Openings> = {}): Openings {
  return {
    frontLeft: false,
    frontRight: false,
    rearLeft: false,
    rearRight: false,
    tailgate: false,
    ...overrides,
  };
}

/** A parked, locked, healthy Qashqai in Paris, as the simulator starts it. */
export function snapshot(overrides: Partial<CarSnapshot> = {}): CarSnapshot {
  return {
    doors: closed(),
    locked: true,
    hoodOpen: false,
    windows: closed(),
    ignitionOn: false,
    engineRunning: false,
    gear: 'park',
    hazardsOn: false,
    alarmTriggered: false,
    battery12vMillivolts: 12_600,
    energy: { electric: false, percent: 64, rangeKm: 512 },
    odometerKm: 12_345,
    tyresKpa: { frontLeft: 240, frontRight: 240, rearLeft: 230, rearRight: 230 },
    warningLamps: [],
    position: { latitude: 48.8566, longitude: 2.3522, heading: 90, speedKmh: 0 },
    online: true,
    ...overrides,
  };
}

type ReportedFields = { [K in keyof VehicleStatus]: VehicleStatus[K] extends Reported<infer T> ? T : never };

/**
 * A status whose every value was reported `at` (default: 3 minutes before NOW), with `values`
 * replacing some values and `times` giving some their own time.
 */
export function vehicleStatus(
  values: Partial<ReportedFields> = {},
  times: Partial<Record<keyof VehicleStatus, string>> = {},
  at: string = ago(180),
): VehicleStatus {
  const car = { ...snapshot(), ...values } as ReportedFields;
  const entries = Object.entries(car).map(([key, value]) => [
    key,
    { value, at: times[key as keyof VehicleStatus] ?? at },
  ]);
  return Object.fromEntries(entries) as VehicleStatus;
}

/** What keyfob-core says against the status: nothing, unless a test says otherwise. */
export const NO_CONCERNS: StatusConcerns = { batteryLow: false, energyLow: false, engineStartProblems: [] };

export function statusView(overrides: Partial<StatusView> = {}): StatusView {
  return {
    status: vehicleStatus(),
    concerns: NO_CONCERNS,
    offline: null,
    savedAt: null,
    ...overrides,
  };
}

export function simulatedCar(
  state: Partial<CarSnapshot> = {},
  overrides: Partial<SimulatedCar> = {},
): SimulatedCar {
  return {
    vin: 'SJNTAAJ11SU512207',
    model: 'Qashqai',
    state: snapshot(state),
    simActive: true,
    coverage: true,
    dropsAnswers: false,
    driving: null,
    remoteRunEndsAt: null,
    remoteStartsThisCycle: 0,
    climateTargetC: null,
    navigation: [],
    ...overrides,
  };
}
