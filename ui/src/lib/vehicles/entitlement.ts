// One reading of a vehicle's entitlement table for every control: available, locked (greyed,
// with why and how to unlock) or unsupported (with why). The table itself comes from
// keyfob-core through the server; nothing here decides it.
import type { Entitlement, Feature, Vehicle } from '../bindings';

export type Access =
  | { status: 'available' }
  | {
      status: 'locked';
      reason: string;
      unlock: string;
      /** Premium would unlock it. */
      buyable: boolean;
      /** Locked because the owner reported the car stolen: withdrawing the report unlocks it. */
      stolen?: boolean;
    }
  | { status: 'unsupported'; reason: string };

/** What every remote command control says while its car is reported stolen. */
export const STOLEN_REASON = 'Reported stolen: remote commands are blocked until you withdraw the report.';

/**
 * The features that send something to the car, which the server refuses while it is reported
 * stolen. Status, position and diagnostics stay, so the owner can follow the car for the police.
 */
const REMOTE_COMMANDS: readonly Feature[] = [
  'remote_start',
  'lock_unlock',
  'horn_lights',
  'send_to_car',
  'charging',
  'climate',
];

/**
 * The lock for a control that acts on the car (a remote command, a new head-unit key, a new
 * driver) while the car is reported stolen; null while it is not.
 */
export function stolenLock(vehicle: Pick<Vehicle, 'reportedStolenAt'> | null): Access | null {
  if (!vehicle?.reportedStolenAt) return null;
  return { status: 'locked', reason: STOLEN_REASON, unlock: '', buyable: false, stolen: true };
}

/** The vehicle's answer for one feature. A feature missing from the table is unsupported. */
export function featureAccess(vehicle: Vehicle | null, feature: Feature): Access {
  const row = vehicle?.entitlements.find((item) => item.feature === feature);
  if (!row) {
    return vehicle
      ? { status: 'unsupported', reason: 'This car does not offer this feature.' }
      : { status: 'unsupported', reason: 'Loading the car’s features…' };
  }
  const access = fromEntitlement(row.entitlement);
  // A stolen report outranks a plan: buying Premium would not lift it. A car that can never
  // do the feature still says why not.
  if (access.status !== 'unsupported' && REMOTE_COMMANDS.includes(feature)) {
    return stolenLock(vehicle) ?? access;
  }
  return access;
}

function fromEntitlement(entitlement: Entitlement): Access {
  switch (entitlement.status) {
    case 'available':
      return { status: 'available' };
    case 'locked':
      return {
        status: 'locked',
        reason: entitlement.reason,
        unlock: entitlement.unlock,
        buyable: entitlement.code === 'subscription_required' || entitlement.code === 'warranty_ended',
      };
    case 'unsupported':
      return { status: 'unsupported', reason: entitlement.reason };
  }
}

/**
 * Whether the car is electric as its entitlement table tells it: keyfob-core marks remote start
 * `no_engine` on an EV, and charging and climate `not_electric` on a car with an engine. Null
 * when the table says neither (not loaded yet, or a car that can do neither for other reasons).
 */
export function electricFromEntitlements(vehicle: Pick<Vehicle, 'entitlements'> | null): boolean | null {
  for (const row of vehicle?.entitlements ?? []) {
    const entitlement = row.entitlement;
    if (entitlement.status !== 'unsupported') continue;
    if (row.feature === 'remote_start' && entitlement.code === 'no_engine') return true;
    if ((row.feature === 'charging' || row.feature === 'climate') && entitlement.code === 'not_electric') {
      return false;
    }
  }
  return null;
}

/** The sentence a greyed-out control shows under itself. */
export function accessNote(access: Access): string | null {
  switch (access.status) {
    case 'available':
      return null;
    case 'locked':
      return access.unlock ? `${access.reason} ${access.unlock}` : access.reason;
    case 'unsupported':
      return access.reason;
  }
}
