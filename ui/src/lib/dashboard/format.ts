// Words and numbers for the dashboard: ages, openings, voltages, pressures, lamps, positions.
import type { Energy, Openings, Position, StatusField, TyrePressures, VehicleStatus, WarningLamp } from '../bindings';

/** Said wherever a status value stands that the car's service does not send. */
export const NOT_REPORTED = 'Not reported by this car';

/**
 * Whether the car reports a value. One its service does not send holds a neutral placeholder
 * (keyfob-core lists it in `unknown`), which must never be shown as the car's.
 */
export function isReported(status: Pick<VehicleStatus, 'unknown'>, field: StatusField): boolean {
  return !(status.unknown ?? []).includes(field);
}

/** How old a reported value is: "just now", "3 min ago", "2 h ago", "4 days ago". */
export function formatAge(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'at an unknown time';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return 'at an unknown time';
  // A clock a little ahead of this device's still means "now".
  const seconds = Math.max(0, Math.floor((now - time) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** Opening keys in the wire form the sandbox controls use, in the order a person names them. */
export const OPENINGS = ['front_left', 'front_right', 'rear_left', 'rear_right', 'tailgate'] as const;
export type OpeningKey = (typeof OPENINGS)[number];

const OPENING_FIELD: Record<OpeningKey, keyof Openings> = {
  front_left: 'frontLeft',
  front_right: 'frontRight',
  rear_left: 'rearLeft',
  rear_right: 'rearRight',
  tailgate: 'tailgate',
};

export const OPENING_NAMES: Record<OpeningKey, string> = {
  front_left: 'front left',
  front_right: 'front right',
  rear_left: 'rear left',
  rear_right: 'rear right',
  tailgate: 'tailgate',
};

export function isOpen(openings: Openings, key: OpeningKey): boolean {
  return openings[OPENING_FIELD[key]];
}

/** The openings that are open, in wire form. */
export function openOnes(openings: Openings, keys: readonly OpeningKey[] = OPENINGS): OpeningKey[] {
  return keys.filter((key) => isOpen(openings, key));
}

/** "All closed", or "Open: front left, tailgate". */
export function describeOpenings(openings: Openings, keys: readonly OpeningKey[] = OPENINGS): string {
  const open = openOnes(openings, keys);
  if (open.length === 0) return 'All closed';
  const names = open.map((key) => OPENING_NAMES[key]);
  return `Open: ${names.join(', ')}`;
}

/**
 * "12.4 V". Rounded down, so a battery under 12.0 V (low) never reads as 12.0 V.
 */
export function formatVolts(millivolts: number): string {
  return `${(Math.floor(millivolts / 100) / 10).toFixed(1)} V`;
}

export function energyLabel(energy: Energy): string {
  return energy.electric ? 'Charge' : 'Fuel';
}


/** "12,345" in the person's own format. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(value);
}

export const TYRES = ['front_left', 'front_right', 'rear_left', 'rear_right'] as const;
export type TyreKey = (typeof TYRES)[number];

const TYRE_FIELD: Record<TyreKey, keyof TyrePressures> = {
  front_left: 'frontLeft',
  front_right: 'frontRight',
  rear_left: 'rearLeft',
  rear_right: 'rearRight',
};

export const TYRE_NAMES: Record<TyreKey, string> = {
  front_left: 'Front left',
  front_right: 'Front right',
  rear_left: 'Rear left',
  rear_right: 'Rear right',
};

export function tyreKpa(tyres: TyrePressures, key: TyreKey): number {
  return tyres[TYRE_FIELD[key]];
}

/** "2.3 bar" */
export function formatBar(kpa: number): string {
  return `${(kpa / 100).toFixed(1)} bar`;
}

/** The tile's machine value: front left, front right, rear left, rear right in kPa. */
export function tyresState(tyres: TyrePressures): string {
  return TYRES.map((key) => tyreKpa(tyres, key)).join('/');
}

export const WARNING_LAMP_NAMES: Record<WarningLamp, string> = {
  check_engine: 'Check engine: the engine or its emissions system reported a fault',
  tyre_pressure: 'Tyre pressure: at least one tyre is low',
  brake: 'Brakes: a fault in the brake system or low brake fluid',
  airbag: 'Airbag: a fault in the airbag system',
  battery: 'Charging system: the 12 V battery is not being charged',
  oil_pressure: 'Oil pressure: stop the engine and check the oil',
  service_due: 'Service due: book the car in for its service',
};

export function warningLampName(lamp: WarningLamp): string {
  return WARNING_LAMP_NAMES[lamp] ?? lamp;
}

/** Lamps that mean "stop soon and look", as opposed to a reminder. */
export function isSeriousLamp(lamp: WarningLamp): boolean {
  return lamp !== 'service_due';
}

export interface Coordinates {
  latitude: number;
  longitude: number;
}

export function coordinates(position: Pick<Position, 'latitude' | 'longitude'>): Coordinates | null {
  const { latitude, longitude } = position;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  return { latitude, longitude };
}

/** "48.85660, 2.35220" — five decimals is about a metre. */
export function formatCoordinates(point: Coordinates): string {
  return `${point.latitude.toFixed(5)}, ${point.longitude.toFixed(5)}`;
}

/** Said beside every "Open in maps": the link hands the car's position to OpenStreetMap. */
export const MAP_LINK_NOTE = 'Opens OpenStreetMap in your browser with the car’s position.';

/** The position on OpenStreetMap, with a marker, zoomed to the street. */
export function mapLink(point: Coordinates): string {
  const lat = point.latitude.toFixed(5);
  const lon = point.longitude.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** "NE" for 45°. */
export function compass(heading: number): string {
  const index = Math.round((((heading % 360) + 360) % 360) / 45) % 8;
  return COMPASS[index] ?? 'N';
}

export const GEAR_NAMES: Record<string, string> = {
  park: 'Park',
  reverse: 'Reverse',
  neutral: 'Neutral',
  drive: 'Drive',
};

export function gearName(gear: string): string {
  return GEAR_NAMES[gear] ?? gear;
}
