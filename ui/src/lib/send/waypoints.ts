// The destination form's rules, kept apart from the screen so they can be tested alone. They
// mirror keyfob-core's `validate_waypoints`; the server checks again and has the last word.
import type { Waypoint } from '../bindings';

export const MAX_WAYPOINTS = 5;
export const NAME_MAX_CHARS = 64;

/** One waypoint as typed: the coordinates stay text so nothing the person typed is lost. */
export interface WaypointRow {
  /** Stable across removals, for the keyed list. */
  key: number;
  name: string;
  latitude: string;
  longitude: string;
}

export type WaypointField = 'name' | 'latitude' | 'longitude';

/**
 * A problem with one field. `definite` problems (a value out of range, a name too long) show
 * while the person types; the others (still empty, half a number) wait until they leave it.
 */
export interface FieldProblem {
  message: string;
  definite: boolean;
}

export type RowProblems = Partial<Record<WaypointField, FieldProblem>>;

let nextKey = 1;

export function emptyRow(): WaypointRow {
  return { key: nextKey++, name: '', latitude: '', longitude: '' };
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

/** Unicode characters, as the server counts them (not UTF-16 units). */
function charCount(text: string): number {
  return [...text].length;
}

function cleanNumber(text: string): string {
  // Copied coordinates often carry a degree sign or a typographic minus.
  return text.trim().replace(/°/g, '').replace(/[\u2212\u2013]/g, '-');
}

/** The number typed, or null when it is not one. */
export function parseCoordinate(text: string): number | null {
  const cleaned = cleanNumber(text);
  if (!NUMBER.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

function coordinateProblem(
  text: string,
  what: 'latitude' | 'longitude',
): FieldProblem | undefined {
  const limit = what === 'latitude' ? 90 : 180;
  const example = what === 'latitude' ? '48.8566' : '2.3522';
  const cleaned = cleanNumber(text);
  if (cleaned === '') {
    return { message: `Type the ${what}, a number like ${example}.`, definite: false };
  }
  if (DECIMAL_COMMA.test(cleaned)) {
    return {
      message: `Use a point for decimals: ${cleaned.replace(',', '.')}, not ${cleaned}.`,
      definite: false,
    };
  }
  const value = parseCoordinate(text);
  if (value === null) {
    return { message: `The ${what} must be a number, like ${example}.`, definite: false };
  }
  if (value < -limit || value > limit) {
    const span =
      what === 'latitude'
        ? 'Latitude runs from −90 (South Pole) to 90 (North Pole).'
        : 'Longitude runs from −180 to 180.';
    return { message: `${span} ${cleaned} is off the map.`, definite: true };
  }
  return undefined;
}

/** What is wrong with one row, field by field; an empty object when it can be sent. */
export function rowProblems(row: WaypointRow, number: number): RowProblems {
  const problems: RowProblems = {};
  const length = charCount(row.name.trim());
  if (length === 0) {
    problems.name = {
      message: `Give waypoint ${number} a name, like “Home” or “Office”.`,
      definite: false,
    };
  } else if (length > NAME_MAX_CHARS) {
    problems.name = {
      message: `Keep the name to ${NAME_MAX_CHARS} characters; this one has ${length}.`,
      definite: true,
    };
  }
  const latitude = coordinateProblem(row.latitude, 'latitude');
  if (latitude) problems.latitude = latitude;
  const longitude = coordinateProblem(row.longitude, 'longitude');
  if (longitude) problems.longitude = longitude;
  return problems;
}

export function hasProblems(problems: RowProblems): boolean {
  return Object.keys(problems).length > 0;
}

const PAIR_SEPARATED = /^([^,;\s]+)\s*[,;]\s*([^,;\s]+)$/;
const PAIR_SPACED = /^([^,;\s]+)\s+([^,;\s]+)$/;

/**
 * "48.8566, 2.3522" (as map apps copy a place) split into latitude and longitude; null when the
 * text is not such a pair. "48,8566" is a decimal comma, not a pair, so it is left alone.
 */
export function splitPair(text: string): { latitude: string; longitude: string } | null {
  const trimmed = text.trim().replace(/^\((.*)\)$/, '$1').trim();
  if (DECIMAL_COMMA.test(cleanNumber(trimmed))) return null;
  const match = PAIR_SEPARATED.exec(trimmed) ?? PAIR_SPACED.exec(trimmed);
  if (!match) return null;
  const [, first, second] = match;
  if (first === undefined || second === undefined) return null;
  if (parseCoordinate(first) === null || parseCoordinate(second) === null) return null;
  return { latitude: cleanNumber(first), longitude: cleanNumber(second) };
}

/** The waypoints to send; call only when no row has a problem. */
export function toWaypoints(rows: readonly WaypointRow[]): Waypoint[] {
  return rows.map((row) => ({
    name: row.name.trim(),
    latitude: parseCoordinate(row.latitude),
    longitude: parseCoordinate(row.longitude),
  }));
}
