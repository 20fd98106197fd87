// Fixtures for the geofence and alert tests: limits as keyfob-core sends them, zones, alerts.
import type {
  AlertItem,
  AlertUpdate,
  FeatureEntitlement,
  GeofenceLimits,
  Geofences,
  VehicleAlert,
  ZoneView,
} from '../bindings';
import { vehicle } from '../backend/fixtures';

/** keyfob-core's bounds; the tests change them to prove the screen reads them. */
export const LIMITS: GeofenceLimits = {
  maxZones: 10,
  nameMaxChars: 40,
  minRadiusM: 100,
  maxRadiusM: 500_000,
  minVertices: 3,
  maxVertices: 100,
  maxCurfewWindows: 5,
  minSpeedLimitKmh: 30,
  maxSpeedLimitKmh: 250,
};

export const GEOFENCE_AVAILABLE: FeatureEntitlement = {
  feature: 'geofence_alerts',
  label: 'Geofence alerts',
  entitlement: { status: 'available' },
};

export const GEOFENCE_LOCKED: FeatureEntitlement = {
  feature: 'geofence_alerts',
  label: 'Geofence alerts',
  entitlement: {
    status: 'locked',
    code: 'subscription_required',
    reason: 'Geofence alerts need Premium now that the trial has ended.',
    unlock: 'Buy Premium for this car under Subscription.',
  },
};

export const OWNER_CAR = vehicle({ entitlements: [GEOFENCE_AVAILABLE] });

export function circleZone(overrides: Partial<ZoneView> = {}): ZoneView {
  return {
    id: 'zon_home',
    name: 'Home',
    shape: { kind: 'circle', center: { latitude: 48.8566, longitude: 2.3522 }, radiusM: 500 },
    alertOn: 'exit',
    schedule: null,
    createdAt: '2026-11-22T10:00:00Z',
    updatedAt: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}

export function polygonZone(overrides: Partial<ZoneView> = {}): ZoneView {
  return {
    id: 'zon_school',
    name: 'School',
    shape: {
      kind: 'polygon',
      vertices: [
        { latitude: 48.86, longitude: 2.34 },
        { latitude: 48.87, longitude: 2.35 },
        { latitude: 48.86, longitude: 2.36 },
        { latitude: 48.85, longitude: 2.355 },
        { latitude: 48.85, longitude: 2.345 },
      ],
    },
    alertOn: 'entry',
    schedule: {
      timeZone: 'Europe/Paris',
      windows: [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '16:30' }],
    },
    createdAt: '2026-11-22T10:00:00Z',
    updatedAt: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}

export function geofences(overrides: Partial<Geofences> = {}): Geofences {
  return { zones: [], settings: { curfew: null, speedLimitKmh: null, emailAlerts: false }, limits: LIMITS, ...overrides };
}

export function vehicleAlert(id: string, overrides: Partial<VehicleAlert> = {}): VehicleAlert {
  return {
    id,
    vehicleId: 'veh_qashqai',
    event: { kind: 'zone', zoneId: 'zon_home', zoneName: 'Home', crossing: 'left' },
    position: { latitude: 48.8566, longitude: 2.3522 },
    at: '2026-11-23T11:00:00Z',
    ...overrides,
  };
}

export function alertItem(seq: number, overrides: Partial<VehicleAlert> = {}, summary = 'Left Home'): AlertItem {
  return { seq, summary, alert: vehicleAlert(`alr_${seq}`, overrides) };
}

/** `count` alerts, newest (highest seq) first, from `newest` down. */
export function alertPage(newest: number, count: number): AlertItem[] {
  return Array.from({ length: count }, (_, i) => alertItem(newest - i, {}, `Alert ${newest - i}`));
}

export function alertUpdate(id: string, summary: string, overrides: Partial<VehicleAlert> = {}): AlertUpdate {
  const alert = vehicleAlert(id, overrides);
  return { vehicleId: alert.vehicleId, summary, alert };
}
