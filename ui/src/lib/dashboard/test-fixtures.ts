// Status and simulated-car fixtures for the dashboard and car-controls tests.
import type {
  CarSnapshot,
  ChargeState,
  ClimateState,
  Openings,
  Reported,
  SimulatedCar,
  StatusConcerns,
  StatusField,
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
export const NO_CONCERNS: StatusConcerns = {
  batteryLow: false,
  energyLow: false,
  engineStartProblems: [],
  chargeStartProblems: [],
  chargeStopProblems: [],
  climateOnProblems: [],
  climateOffProblems: [],
};

/** An EV plugged into a wall box, not charging, with an 80 % limit, as the simulator reports it. */
export function chargeState(overrides: Partial<ChargeState> = {}): ChargeState {
  return {
    pluggedIn: true,
    charging: false,
    charger: 'normal',
    limitPercent: 80,
    rangeKmClimateOn: 190,
    minutesToFull: { slow: 620, normal: 172, fast: 38 },
    batteryTemperatureC: 18,
    ...overrides,
  };
}

/** An EV's climate, off, in a cold car park. */
export function climateState(overrides: Partial<ClimateState> = {}): ClimateState {
  return {
    on: false,
    targetC: null,
    cabinC: 9,
    outsideC: 8,
    scheduledFor: null,
    endsAt: null,
    ...overrides,
  };
}

/** An EV's snapshot: 57 %, 212 km, on a wall box, climate off. */
export function evSnapshot(overrides: Partial<CarSnapshot> = {}): CarSnapshot {
  return snapshot({
    energy: { electric: true, percent: 57, rangeKm: 212 },
    charge: chargeState(),
    climate: climateState(),
    ...overrides,
  });
}

export interface EvStatusOptions {
  charge?: Partial<ChargeState>;
  climate?: Partial<ClimateState>;
  /** Values replacing some of the shared ones (energy, online, …). */
  values?: Partial<ReportedFields>;
  /** Values the car does not report. */
  unknown?: StatusField[];
  /** When every value was reported (default: 3 minutes before NOW). */
  at?: string;
}

/** A Leaf's status: 57 %, 212 km, plugged into a wall box, not charging, climate off. */
export function evStatus({ charge = {}, climate = {}, values = {}, unknown = [], at = ago(180) }: EvStatusOptions = {}): VehicleStatus {
  const status = vehicleStatus({ energy: { electric: true, percent: 57, rangeKm: 212 }, ...values }, {}, at);
  status.charge = { value: chargeState(charge), at };
  status.climate = { value: climateState(climate), at };
  if (unknown.length > 0) status.unknown = unknown;
  return status;
}

export function statusView(overrides: Partial<StatusView> = {}): StatusView {
  return {
    status: vehicleStatus(),
    concerns: NO_CONCERNS,
    offline: null,
    savedAt: null,
    ...overrides,
  };
}

/** The simulated Leaf behind the head unit: on a wall box, not charging, 80 % limit. */
export function simulatedEv(
  state: Partial<CarSnapshot> = {},
  overrides: Partial<SimulatedCar> = {},
): SimulatedCar {
  return simulatedCar({}, { vin: 'SJNFAAZE1U0000001', model: 'Leaf', state: evSnapshot(state), ...overrides });
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
