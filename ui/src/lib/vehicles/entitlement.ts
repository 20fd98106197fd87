// One reading of a vehicle's entitlement table for every control: available, locked (greyed,
// with why and how to unlock) or unsupported (with why). The table itself comes from
// keyfob-core through the server; nothing here decides it.
import type { Entitlement, Feature, Vehicle } from '../bindings';

export type Access =
  | { status: 'available' }
  | { status: 'locked'; reason: string; unlock: string; /** Premium would unlock it. */ buyable: boolean }
  | { status: 'unsupported'; reason: string };

/** The vehicle's answer for one feature. A feature missing from the table is unsupported. */
export function featureAccess(vehicle: Vehicle | null, feature: Feature): Access {
  const row = vehicle?.entitlements.find((item) => item.feature === feature);
  if (!row) {
    return vehicle
      ? { status: 'unsupported', reason: 'This car does not offer this feature.' }
      : { status: 'unsupported', reason: 'Loading the car’s features…' };
  }
  return fromEntitlement(row.entitlement);
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

/** The sentence a greyed-out control shows under itself. */
export function accessNote(access: Access): string | null {
  switch (access.status) {
    case 'available':
      return null;
    case 'locked':
      return `${access.reason} ${access.unlock}`;
    case 'unsupported':
      return access.reason;
  }
}
