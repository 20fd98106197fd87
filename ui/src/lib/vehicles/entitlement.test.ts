import { describe, expect, it } from 'vitest';
import { accessNote, featureAccess } from './entitlement';
import { vehicle } from '../backend/fixtures';

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
});
