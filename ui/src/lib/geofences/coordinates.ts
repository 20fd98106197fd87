// Reading the numbers a person types or pastes into the zone editor, and small geometry on
// them. The rules of what makes a zone valid stay in keyfob-core (`zoneCheck`); this only turns
// text into numbers and back.
import type { Coordinates } from '../dashboard/format';
import { parseCoordinate, splitPair } from '../send/waypoints';

export type { Coordinates };
export { splitPair };

/**
 * The number typed, or null when it is not one: Send to car's reading, except that a decimal
 * comma ("48,8566") counts as a point, since each field here holds a single number.
 */
export function parseDecimal(text: string): number | null {
  return parseCoordinate(text.replace(',', '.'));
}

/** Six decimals of a degree is about 10 cm: finer than any position a car reports. */
export function roundDegrees(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A coordinate as the editor's field shows it ("48.8566", never "48.856600"). */
export function degreesText(value: number): string {
  return String(roundDegrees(value));
}

/** Both fields of a point as text. */
export function pointText(point: Coordinates): { latitude: string; longitude: string } {
  return { latitude: degreesText(point.latitude), longitude: degreesText(point.longitude) };
}

/** The point typed, or null unless both parts are numbers. */
export function parsePoint(latitude: string, longitude: string): Coordinates | null {
  const lat = parseDecimal(latitude);
  const lon = parseDecimal(longitude);
  return lat === null || lon === null ? null : { latitude: lat, longitude: lon };
}

const METRES_PER_DEGREE = 111_320;

/** The point `northM` metres north and `eastM` metres east of `from` (flat-earth, for short hops). */
export function offsetPoint(from: Coordinates, northM: number, eastM: number): Coordinates {
  const cos = Math.max(Math.cos((from.latitude * Math.PI) / 180), 0.01);
  return {
    latitude: roundDegrees(from.latitude + northM / METRES_PER_DEGREE),
    longitude: roundDegrees(from.longitude + eastM / (METRES_PER_DEGREE * cos)),
  };
}

/** Metres between two nearby points on a plane around the first (enough to order edges). */
function planeDistance(a: Coordinates, b: Coordinates): number {
  const cos = Math.cos((a.latitude * Math.PI) / 180);
  const north = (b.latitude - a.latitude) * METRES_PER_DEGREE;
  const east = (b.longitude - a.longitude) * METRES_PER_DEGREE * cos;
  return Math.hypot(north, east);
}

/**
 * Where a corner added at `point` goes in the outline: into the edge it lengthens least, so a
 * click beside an edge bends that edge instead of tying a knot across the polygon.
 */
export function insertionIndex(corners: readonly Coordinates[], point: Coordinates): number {
  if (corners.length < 2) return corners.length;
  let best = corners.length;
  let bestCost = Number.POSITIVE_INFINITY;
  corners.forEach((a, index) => {
    const b = corners[(index + 1) % corners.length] as Coordinates;
    const cost = planeDistance(a, point) + planeDistance(point, b) - planeDistance(a, b);
    if (cost < bestCost) {
      bestCost = cost;
      best = index + 1;
    }
  });
  return best;
}
