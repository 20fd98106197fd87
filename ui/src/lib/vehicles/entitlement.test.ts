import { describe, expect, it } from 'vitest';
import { accessNote, electricFromEntitlements, featureAccess, STOLEN_REASON, stolenLock } from './entitlement';
import { engineVehicle, entitlementTable, evVehicle, NO_ENGINE, stolenVehicle, vehicle } from '../backend/fixtures';

describe('featureAccess', () => {
  it('reads each status of the table', () => {
    const car = vehicle({
      entitlements: [
        { feature: 'status', label: 'Vehicle status', entitlement: { status: 'available' } },
        {
          feature: 'remote_start',
          label: 'Remote engine start',
          entitlement: {
            status: 'locked',
            code: 'subscription_required',
            reason: 'Remote engine start needs a Trial or Premium subscription; this car is on Basic.',
            unlock: 'Buy Premium for this car under Subscription.',
          },
        },
        {
          feature: 'send_to_car',
          label: 'Send a destination to the car',
          entitlement: { status: 'unsupported', code: 'no_remote_services', reason: 'No remote services.' },
        },
      ],
    });
    expect(featureAccess(car, 'status')).toEqual({ status: 'available' });
    const locked = featureAccess(car, 'remote_start');
    expect(locked).toMatchObject({ status: 'locked', buyable: true });
    expect(accessNote(locked)).toContain('Buy Premium');
    expect(featureAccess(car, 'send_to_car')).toEqual({ status: 'unsupported', reason: 'No remote services.' });
    expect(featureAccess(car, 'diagnostics').status).toBe('unsupported');
    expect(accessNote(featureAccess(car, 'status'))).toBeNull();
  });

  it('does not offer a purchase for a lock a subscription cannot lift', () => {
    const car = vehicle({
      entitlements: [
        {
          feature: 'lock_unlock',
          label: 'Lock and unlock',
          entitlement: {
            status: 'locked',
            code: 'activation_pending',
            reason: 'The link is waiting for confirmation in the car.',
            unlock: 'Press Confirm on its screen.',
          },
        },
      ],
    });
    expect(featureAccess(car, 'lock_unlock')).toMatchObject({ status: 'locked', buyable: false });
  });

  it('locks every remote command of a car reported stolen, but not its status or diagnostics', () => {
    const available = { status: 'available' } as const;
    const car = stolenVehicle({
      entitlements: [
        { feature: 'status', label: 'Vehicle status', entitlement: available },
        { feature: 'diagnostics', label: 'Diagnostics', entitlement: available },
        { feature: 'remote_start', label: 'Remote engine start', entitlement: available },
        { feature: 'lock_unlock', label: 'Lock and unlock', entitlement: available },
        { feature: 'horn_lights', label: 'Horn and lights', entitlement: available },
        { feature: 'charging', label: 'Remote charging', entitlement: available },
        { feature: 'climate', label: 'Remote climate (electric)', entitlement: available },
        {
          feature: 'send_to_car',
          label: 'Send to car',
          entitlement: { status: 'locked', code: 'warranty_ended', reason: 'The warranty ended.', unlock: 'Buy Premium.' },
        },
        {
          feature: 'geofence_alerts',
          label: 'Geofence alerts',
          entitlement: { status: 'unsupported', code: 'no_connected_services', reason: 'No connected services.' },
        },
      ],
    });
    expect(featureAccess(car, 'status')).toEqual(available);
    expect(featureAccess(car, 'diagnostics')).toEqual(available);
    for (const feature of ['remote_start', 'lock_unlock', 'horn_lights', 'send_to_car', 'charging', 'climate'] as const) {
      // Buying Premium would not lift a stolen report, so it is not offered.
      expect(featureAccess(car, feature)).toEqual({
        status: 'locked',
        reason: STOLEN_REASON,
        unlock: '',
        buyable: false,
        stolen: true,
      });
    }
    expect(accessNote(featureAccess(car, 'remote_start'))).toBe(
      'Reported stolen: remote commands are blocked until you withdraw the report.',
    );
    expect(featureAccess(car, 'geofence_alerts').status).toBe('unsupported');
    expect(stolenLock(vehicle())).toBeNull();
    expect(stolenLock(null)).toBeNull();
  });
});

describe('electricFromEntitlements', () => {
  it('reads an EV or a car with an engine from keyfob-core’s unsupported rows', () => {
    expect(electricFromEntitlements(evVehicle())).toBe(true);
    expect(electricFromEntitlements(engineVehicle())).toBe(false);
    // A car that can do neither for another reason, and a table not loaded yet, say nothing.
    const old = { status: 'unsupported', code: 'no_remote_services', reason: 'No remote services.' } as const;
    expect(electricFromEntitlements(vehicle({ entitlements: entitlementTable({ remote_start: old, charging: old, climate: old }) }))).toBeNull();
    expect(electricFromEntitlements(vehicle())).toBeNull();
    expect(electricFromEntitlements(null)).toBeNull();
    // Only remote start's own reason counts.
    expect(electricFromEntitlements(vehicle({ entitlements: entitlementTable({ lock_unlock: NO_ENGINE }) }))).toBeNull();
  });
});
