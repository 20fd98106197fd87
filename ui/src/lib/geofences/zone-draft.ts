// A zone as the editor holds it while the owner draws: text fields, so nothing typed is lost,
// turned into the `ZoneRequest` keyfob-core checks. Only "is this a number" is decided here; every
// rule (radius, corners, names, schedules) is `zoneCheck`'s.
import type { AlertOn, GeoPoint, GeofenceLimits, Shape, ZoneRequest, ZoneView } from '../bindings';
import {
  degreesText,
  offsetPoint,
  parseDecimal,
  parsePoint,
  pointText,
  type Coordinates,
} from './coordinates';
import { defaultZoneWindow, toWindows, windowDrafts, type WindowDraft } from './weekly';

export interface CornerDraft {
  /** Stable across removals, for the keyed list. */
  key: number;
  latitude: string;
  longitude: string;
}

export interface ZoneDraft {
  /** null for a zone not saved yet. */
  zoneId: string | null;
  name: string;
  kind: 'circle' | 'polygon';
  /** The circle's centre and radius (metres). */
  latitude: string;
  longitude: string;
  radius: string;
  /** The polygon's corners, in order. */
  corners: CornerDraft[];
  alertOn: AlertOn;
  scheduleOn: boolean;
  timeZone: string;
  windows: WindowDraft[];
}

/** The editor's fields a problem can belong to, as keyfob-core names them. */
export type ZoneField = 'name' | 'radius' | 'shape' | 'schedule';

/** A problem found before asking keyfob-core: a field that does not hold a number. */
export interface DraftProblem {
  field: ZoneField;
  message: string;
}

export type DraftRequest = { ok: true; request: ZoneRequest } | { ok: false; problem: DraftProblem };

/** A new circle's radius: 500 m, or keyfob-core's smallest when that is larger. */
export function defaultRadius(limits: GeofenceLimits): number {
  return Math.min(Math.max(500, limits.minRadiusM), limits.maxRadiusM);
}

let nextKey = 1;

export function cornerDraft(point: Coordinates | null): CornerDraft {
  const text = point ? pointText(point) : { latitude: '', longitude: '' };
  return { key: nextKey++, ...text };
}

function blank(name: string, timeZone: string): Omit<ZoneDraft, 'kind'> {
  return {
    zoneId: null,
    name,
    latitude: '',
    longitude: '',
    radius: '',
    corners: [],
    alertOn: 'exit',
    scheduleOn: false,
    timeZone,
    windows: [defaultZoneWindow()],
  };
}

/** A circle of the default radius around `center` (the car, or the middle of the map). */
export function newCircle(
  center: Coordinates | null,
  limits: GeofenceLimits,
  name: string,
  timeZone: string,
): ZoneDraft {
  const text = center ? pointText(center) : { latitude: '', longitude: '' };
  return { ...blank(name, timeZone), kind: 'circle', ...text, radius: String(defaultRadius(limits)) };
}

/** A triangle around `center`, its corners as far out as a new circle's edge, to drag into shape. */
export function newTriangle(
  center: Coordinates | null,
  limits: GeofenceLimits,
  name: string,
  timeZone: string,
): ZoneDraft {
  const reach = defaultRadius(limits);
  const corners = [0, 120, 240].map((bearing) => {
    if (!center) return cornerDraft(null);
    const radians = (bearing * Math.PI) / 180;
    return cornerDraft(offsetPoint(center, reach * Math.cos(radians), reach * Math.sin(radians)));
  });
  return { ...blank(name, timeZone), kind: 'polygon', corners };
}

/** A saved zone back in the editor. */
export function draftFromZone(zone: ZoneView, timeZone: string): ZoneDraft {
  const draft: ZoneDraft = {
    ...blank(zone.name, zone.schedule?.timeZone ?? timeZone),
    zoneId: zone.id,
    kind: zone.shape.kind,
    alertOn: zone.alertOn,
    scheduleOn: zone.schedule !== null && zone.schedule.windows.length > 0,
  };
  if (zone.schedule && zone.schedule.windows.length > 0) draft.windows = windowDrafts(zone.schedule.windows);
  if (zone.shape.kind === 'circle') {
    draft.latitude = zone.shape.center.latitude === null ? '' : degreesText(zone.shape.center.latitude);
    draft.longitude = zone.shape.center.longitude === null ? '' : degreesText(zone.shape.center.longitude);
    draft.radius = zone.shape.radiusM === null ? '' : String(zone.shape.radiusM);
  } else {
    draft.corners = zone.shape.vertices.map((vertex) => cornerDraft(point(vertex)));
  }
  return draft;
}

function coordinateProblem(text: string, what: string, example: string): string | null {
  if (text.trim() === '') return `Type ${what}, a number like ${example}.`;
  if (parseDecimal(text) === null) return `${capitalise(what)} must be a number, like ${example}.`;
  return null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function shape(draft: ZoneDraft): { ok: true; shape: Shape } | { ok: false; problem: DraftProblem } {
  if (draft.kind === 'circle') {
    const problem =
      coordinateProblem(draft.latitude, 'the centre’s latitude', '48.8566') ??
      coordinateProblem(draft.longitude, 'the centre’s longitude', '2.3522');
    if (problem) return { ok: false, problem: { field: 'shape', message: problem } };
    const radius = parseDecimal(draft.radius);
    if (radius === null) {
      return {
        ok: false,
        problem: { field: 'radius', message: 'Type the radius in metres, a number like 500.' },
      };
    }
    const center = parsePoint(draft.latitude, draft.longitude) as Coordinates;
    return { ok: true, shape: { kind: 'circle', center, radiusM: radius } };
  }
  const vertices: Coordinates[] = [];
  for (const [index, corner] of draft.corners.entries()) {
    const number = index + 1;
    const problem =
      coordinateProblem(corner.latitude, `corner ${number}’s latitude`, '48.8566') ??
      coordinateProblem(corner.longitude, `corner ${number}’s longitude`, '2.3522');
    if (problem) return { ok: false, problem: { field: 'shape', message: problem } };
    vertices.push(parsePoint(corner.latitude, corner.longitude) as Coordinates);
  }
  return { ok: true, shape: { kind: 'polygon', vertices } };
}

/** The request to check and save, or what has to be typed first. */
export function zoneRequest(draft: ZoneDraft): DraftRequest {
  const built = shape(draft);
  if (!built.ok) return built;
  return {
    ok: true,
    request: {
      name: draft.name.trim(),
      shape: built.shape,
      alertOn: draft.alertOn,
      schedule: draft.scheduleOn
        ? { timeZone: draft.timeZone.trim(), windows: toWindows(draft.windows) }
        : null,
    },
  };
}

/** What the map draws of the draft: whatever is already readable. */
export type DraftOutline =
  | { kind: 'circle'; center: Coordinates | null; radiusM: number | null }
  | { kind: 'polygon'; corners: (Coordinates | null)[] };

export function draftOutline(draft: ZoneDraft): DraftOutline {
  if (draft.kind === 'circle') {
    const radius = parseDecimal(draft.radius);
    return {
      kind: 'circle',
      center: parsePoint(draft.latitude, draft.longitude),
      radiusM: radius !== null && radius > 0 ? radius : null,
    };
  }
  return { kind: 'polygon', corners: draft.corners.map((c) => parsePoint(c.latitude, c.longitude)) };
}

/** "Zone 3": the first free number, so two new zones never start with the same name. */
export function defaultZoneName(taken: readonly string[]): string {
  const names = new Set(taken.map((name) => name.trim().toLowerCase()));
  let number = taken.length + 1;
  while (names.has(`zone ${number}`)) number++;
  return `Zone ${number}`;
}

function point(p: GeoPoint): Coordinates | null {
  return p.latitude === null || p.longitude === null ? null : { latitude: p.latitude, longitude: p.longitude };
}

/** A saved zone's shape as the map draws it. */
export function shapeOutline(shape: Shape): DraftOutline {
  return shape.kind === 'circle'
    ? { kind: 'circle', center: point(shape.center), radiusM: shape.radiusM }
    : { kind: 'polygon', corners: shape.vertices.map(point) };
}

/** Points the outline reaches (a circle's four extremes, a polygon's corners), to frame it. */
export function outlinePoints(outline: DraftOutline): Coordinates[] {
  if (outline.kind === 'polygon') return outline.corners.filter((c): c is Coordinates => c !== null);
  const { center, radiusM } = outline;
  if (!center) return [];
  if (radiusM === null) return [center];
  return [
    offsetPoint(center, radiusM, 0),
    offsetPoint(center, -radiusM, 0),
    offsetPoint(center, 0, radiusM),
    offsetPoint(center, 0, -radiusM),
  ];
}
