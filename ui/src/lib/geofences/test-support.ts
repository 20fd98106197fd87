// Shared set-up for the Geofences screen tests: an owner's Qashqai with two zones, keyfob-core's
// check standing in as a small function, and saves that answer with what they were given.
import { render, screen } from '@testing-library/svelte';
import type { ZoneRequest } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import { statusView } from '../dashboard/test-fixtures';
import GeofencesScreen from './GeofencesScreen.svelte';
import { circleZone, geofences, LIMITS, OWNER_CAR, polygonZone } from './test-fixtures';

/** keyfob-core's answer in these tests: a radius under the limits' minimum is refused. */
export function radiusCheck(zone: ZoneRequest) {
  if (zone.shape.kind === 'circle' && (zone.shape.radiusM ?? 0) < LIMITS.minRadiusM) {
    return appError('zone_radius', `Make the radius 100 m to 500 km; this one is ${zone.shape.radiusM} m.`, {
      field: 'radius',
    });
  }
  if (zone.name === '') return appError('zone_name', 'Give the zone a name of 1 to 40 characters.', { field: 'name' });
  return null;
}

export function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend({
    vehicle: OWNER_CAR,
    geofences: geofences({ zones: [circleZone(), polygonZone()] }),
    vehicleStatus: statusView(),
    zoneCheck: radiusCheck,
    saveZone: (_vehicleId: string, zoneId: string | null, zone: ZoneRequest) => ({
      id: zoneId ?? 'zon_new',
      name: zone.name,
      shape: zone.shape,
      alertOn: zone.alertOn,
      schedule: zone.schedule ?? null,
      createdAt: '2026-11-23T12:00:00Z',
      updatedAt: '2026-11-23T12:00:00Z',
    }),
    saveAlertSettings: (_vehicleId, settings) => settings,
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  const view = render(GeofencesScreen, {
    props: { params: new URLSearchParams({ id: 'veh_qashqai' }) },
    context: screenContext(backend, session),
  });
  return { backend, session, user, view };
}

export async function loaded() {
  const zones = await screen.findByTestId('geofences-zones');
  // The map arrives a moment later: it is loaded with the screen's first visit.
  await screen.findByTestId('geofence-map');
  return zones;
}
