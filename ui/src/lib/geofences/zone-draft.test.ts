import { describe, expect, it } from 'vitest';
import { circleZone, LIMITS, polygonZone } from './test-fixtures';
import {
  cornerDraft,
  defaultRadius,
  defaultZoneName,
  draftFromZone,
  draftOutline,
  newCircle,
  newTriangle,
  outlinePoints,
  shapeOutline,
  zoneRequest,
} from './zone-draft';

const CAR = { latitude: 48.8566, longitude: 2.3522 };

describe('a new zone', () => {
  it('is a 500 m circle around the car, or keyfob-core’s smallest when that is larger', () => {
    expect(defaultRadius(LIMITS)).toBe(500);
    expect(defaultRadius({ ...LIMITS, minRadiusM: 800 })).toBe(800);
    expect(defaultRadius({ ...LIMITS, minRadiusM: 50, maxRadiusM: 300 })).toBe(300);
    const draft = newCircle(CAR, LIMITS, 'Zone 1', 'Europe/Paris');
    expect(draft).toMatchObject({
      zoneId: null,
      name: 'Zone 1',
      kind: 'circle',
      latitude: '48.8566',
      longitude: '2.3522',
      radius: '500',
      alertOn: 'exit',
      scheduleOn: false,
      timeZone: 'Europe/Paris',
    });
  });

  it('leaves the centre to type when the car’s position is unknown', () => {
    const draft = newCircle(null, LIMITS, 'Zone 1', 'UTC');
    expect(draft.latitude).toBe('');
    expect(zoneRequest(draft)).toEqual({
      ok: false,
      problem: { field: 'shape', message: 'Type the centre’s latitude, a number like 48.8566.' },
    });
  });

  it('is a triangle around the car, its corners as far out as a new circle’s edge', () => {
    const draft = newTriangle(CAR, LIMITS, 'Zone 2', 'UTC');
    expect(draft.kind).toBe('polygon');
    expect(draft.corners).toHaveLength(3);
    const [north] = draft.corners;
    expect(Number(north!.latitude)).toBeCloseTo(CAR.latitude + 500 / 111_320, 5);
    expect(Number(north!.longitude)).toBeCloseTo(CAR.longitude, 6);
    // The other two sit south of the car, one east and one west.
    const [, east, west] = draft.corners.map((c) => ({ lat: Number(c.latitude), lon: Number(c.longitude) }));
    expect(east!.lat).toBeLessThan(CAR.latitude);
    expect(east!.lon).toBeGreaterThan(CAR.longitude);
    expect(west!.lon).toBeLessThan(CAR.longitude);
  });

  it('takes the first free "Zone n" name', () => {
    expect(defaultZoneName([])).toBe('Zone 1');
    expect(defaultZoneName(['Home', 'School'])).toBe('Zone 3');
    expect(defaultZoneName(['Home', 'zone 2'])).toBe('Zone 3');
  });
});

describe('the request from the fields', () => {
  it('builds a circle, its name trimmed and decimals read either way', () => {
    const draft = { ...newCircle(CAR, LIMITS, '  Home ', 'UTC'), latitude: '48,85', radius: '750.5', alertOn: 'both' as const };
    expect(zoneRequest(draft)).toEqual({
      ok: true,
      request: {
        name: 'Home',
        shape: { kind: 'circle', center: { latitude: 48.85, longitude: 2.3522 }, radiusM: 750.5 },
        alertOn: 'both',
        schedule: null,
      },
    });
  });

  it('says which field is not a number before asking keyfob-core', () => {
    const base = newCircle(CAR, LIMITS, 'Home', 'UTC');
    expect(zoneRequest({ ...base, longitude: 'east' })).toEqual({
      ok: false,
      problem: { field: 'shape', message: 'The centre’s longitude must be a number, like 2.3522.' },
    });
    expect(zoneRequest({ ...base, radius: 'big' })).toEqual({
      ok: false,
      problem: { field: 'radius', message: 'Type the radius in metres, a number like 500.' },
    });
    // A radius out of bounds is a number: keyfob-core says what is wrong with it.
    expect(zoneRequest({ ...base, radius: '5' }).ok).toBe(true);
  });

  it('builds a polygon and names the corner that is not a number', () => {
    const draft = newTriangle(null, LIMITS, 'Park', 'UTC');
    draft.corners = [cornerDraft(CAR), cornerDraft({ latitude: 48.86, longitude: 2.36 }), cornerDraft(null)];
    expect(zoneRequest(draft)).toEqual({
      ok: false,
      problem: { field: 'shape', message: 'Type corner 3’s latitude, a number like 48.8566.' },
    });
    draft.corners[2] = { ...draft.corners[2]!, latitude: '48.85', longitude: '2.37' };
    expect(zoneRequest(draft)).toEqual({
      ok: true,
      request: {
        name: 'Park',
        shape: {
          kind: 'polygon',
          vertices: [CAR, { latitude: 48.86, longitude: 2.36 }, { latitude: 48.85, longitude: 2.37 }],
        },
        alertOn: 'exit',
        schedule: null,
      },
    });
  });

  it('adds the schedule only while it is switched on', () => {
    const draft = newCircle(CAR, LIMITS, 'School', 'Europe/Paris');
    draft.windows[0]!.start = '8';
    expect(zoneRequest(draft).ok && zoneRequest(draft)).toMatchObject({ request: { schedule: null } });
    draft.scheduleOn = true;
    expect(zoneRequest(draft)).toMatchObject({
      ok: true,
      request: {
        schedule: { timeZone: 'Europe/Paris', windows: [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }] },
      },
    });
  });
});

describe('a saved zone in the editor', () => {
  it('fills the circle’s fields', () => {
    const draft = draftFromZone(circleZone({ alertOn: 'both' }), 'UTC');
    expect(draft).toMatchObject({
      zoneId: 'zon_home',
      name: 'Home',
      kind: 'circle',
      latitude: '48.8566',
      longitude: '2.3522',
      radius: '500',
      alertOn: 'both',
      scheduleOn: false,
      timeZone: 'UTC',
    });
    expect(zoneRequest(draft)).toMatchObject({ ok: true, request: { shape: circleZone().shape } });
  });

  it('fills the corners and the schedule, in the schedule’s time zone', () => {
    const zone = polygonZone();
    const draft = draftFromZone(zone, 'UTC');
    expect(draft.corners.map((c) => [c.latitude, c.longitude])).toEqual([
      ['48.86', '2.34'],
      ['48.87', '2.35'],
      ['48.86', '2.36'],
      ['48.85', '2.355'],
      ['48.85', '2.345'],
    ]);
    expect(draft.scheduleOn).toBe(true);
    expect(draft.timeZone).toBe('Europe/Paris');
    expect(zoneRequest(draft)).toEqual({
      ok: true,
      request: { name: 'School', shape: zone.shape, alertOn: 'entry', schedule: zone.schedule },
    });
  });
});

describe('what the map draws', () => {
  it('draws what is readable and leaves out the rest', () => {
    const circle = newCircle(CAR, LIMITS, 'Home', 'UTC');
    expect(draftOutline(circle)).toEqual({ kind: 'circle', center: CAR, radiusM: 500 });
    expect(draftOutline({ ...circle, radius: 'x' })).toEqual({ kind: 'circle', center: CAR, radiusM: null });
    const polygon = newTriangle(CAR, LIMITS, 'Park', 'UTC');
    polygon.corners[1] = { ...polygon.corners[1]!, longitude: '' };
    const outline = draftOutline(polygon);
    expect(outline.kind === 'polygon' && outline.corners.map((c) => c !== null)).toEqual([true, false, true]);
  });

  it('frames a circle by its four extremes and a polygon by its corners', () => {
    const points = outlinePoints(shapeOutline(circleZone().shape));
    expect(points).toHaveLength(4);
    expect(Math.max(...points.map((p) => p.latitude))).toBeCloseTo(48.8566 + 500 / 111_320, 6);
    expect(outlinePoints(shapeOutline(polygonZone().shape))).toHaveLength(5);
    expect(outlinePoints({ kind: 'circle', center: null, radiusM: 500 })).toEqual([]);
  });
});
