// The routes the car's window can drive, relative to where the car stands: one that stays in
// the neighbourhood, two that leave and come back across a typical zone's border (a home
// circle of a few hundred metres), and a fast one for the speed alert.
import type { GeoPoint } from '../bindings';
import { offsetPoint } from '../geofences/coordinates';

export type DriveRouteId = 'block' | 'away' | 'back' | 'motorway';

export interface DriveRoute {
  id: DriveRouteId;
  label: string;
  /** What the route does, for the hint under the controls. */
  description: string;
  /** The speed the route is usually driven at; the person may pick another. */
  speedKmh: number;
  points(latitude: number, longitude: number): GeoPoint[];
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The point `north` and `east` metres from the car, turned back near a pole or the date line. */
function offset(latitude: number, longitude: number, north: number, east: number): GeoPoint {
  const from = { latitude, longitude };
  const ahead = offsetPoint(from, north, east);
  const flipNorth = Math.abs(ahead.latitude) > 90;
  const flipEast = Math.abs(ahead.longitude) > 180;
  return flipNorth || flipEast
    ? offsetPoint(from, flipNorth ? -north : north, flipEast ? -east : east)
    : ahead;
}

/** Straight legs of `step` metres, `count` of them, in one direction (metres north and east per leg). */
function straight(latitude: number, longitude: number, north: number, east: number, count: number): GeoPoint[] {
  return Array.from({ length: count }, (_, i) => offset(latitude, longitude, north * (i + 1), east * (i + 1)));
}

/**
 * Three points around a block next to the car (about 330 m north, 300 m east, back south): a
 * short drive that moves the car on the map without leaving the neighbourhood.
 */
export function shortRoute(latitude: number, longitude: number): GeoPoint[] {
  const north = latitude + 0.003 <= 90 ? 0.003 : -0.003;
  const east = longitude + 0.004 <= 180 ? 0.004 : -0.004;
  return [
    { latitude: round(latitude + north), longitude: round(longitude) },
    { latitude: round(latitude + north), longitude: round(longitude + east) },
    { latitude: round(latitude), longitude: round(longitude + east) },
  ];
}

export const DRIVE_ROUTES: readonly DriveRoute[] = [
  {
    id: 'block',
    label: 'Around the block',
    description: 'Three points around the block, about 1.3 km; it stays in the neighbourhood.',
    speedKmh: 50,
    points: (lat, lon) => shortRoute(lat, lon),
  },
  {
    id: 'away',
    label: 'Out of town, 3 km north',
    description: 'Six legs of 500 m due north: far enough to leave a home zone of up to 2.5 km.',
    speedKmh: 50,
    points: (lat, lon) => straight(lat, lon, 500, 0, 6),
  },
  {
    id: 'back',
    label: 'Back, 3 km south',
    description: 'The way back: six legs of 500 m due south, undoing “Out of town”.',
    speedKmh: 50,
    points: (lat, lon) => straight(lat, lon, -500, 0, 6),
  },
  {
    id: 'motorway',
    label: 'Motorway, 10 km east',
    description: 'Ten legs of 1 km due east, at motorway speed: enough for a speed alert.',
    speedKmh: 130,
    points: (lat, lon) => straight(lat, lon, 0, 1000, 10),
  },
];

/** The speeds offered; the simulator takes 5–200 km/h. */
export const DRIVE_SPEEDS_KMH: readonly number[] = [30, 50, 90, 130, 160];

export function driveRoute(id: DriveRouteId): DriveRoute {
  const route = DRIVE_ROUTES.find((each) => each.id === id);
  // Every id has a route; the type system cannot see that from an array.
  if (!route) throw new Error(`no drive route ${id}`);
  return route;
}
