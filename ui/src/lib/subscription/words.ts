// Words for the Subscription screen: tiers, what a plan includes, and what a purchase does.
import type { Entitlement, Inclusion, Subscription, Tier } from '../bindings';
import { formatDate } from '../vehicles/format';

export const TIER_NAMES: Record<Tier, string> = {
  trial: 'Trial',
  premium: 'Premium',
  basic: 'Basic',
};

export const TIER_BLURBS: Record<Tier, string> = {
  trial: 'Comes with a new car for its first one to three years, with every connected service.',
  premium: 'Paid by the year, with every connected service.',
  basic: 'Free: your account and the car’s health history, without remote services.',
};

export const INCLUSION_LABELS: Record<Inclusion, string> = {
  included: 'Included',
  during_warranty: 'While under warranty',
  not_included: 'Not included',
};

export const STATUS_LABELS: Record<Entitlement['status'], string> = {
  available: 'Available',
  locked: 'Locked',
  unsupported: 'Not on this car',
};

export const PREMIUM_YEARS = [1, 2, 3] as const;

export function yearsLabel(years: number): string {
  return years === 1 ? '1 year' : `${years} years`;
}

/** Until when the tier runs, or how the car came to be on Basic. */
export function tierEnds(subscription: Subscription): string {
  switch (subscription.tier) {
    case 'trial':
      return `The trial ends on ${formatDate(subscription.trialEndsOn)}; the car then moves to Basic unless you buy Premium.`;
    case 'premium':
      return subscription.premiumEndsOn
        ? `Premium runs until ${formatDate(subscription.premiumEndsOn)}.`
        : 'Premium is active.';
    case 'basic':
      return subscription.premiumEndsOn
        ? `Basic is free and does not end. Premium ended on ${formatDate(subscription.premiumEndsOn)}.`
        : `Basic is free and does not end. The trial ended on ${formatDate(subscription.trialEndsOn)}.`;
  }
}

/** When the Premium bought now starts: after Premium still running, else today. */
export function purchaseEffect(subscription: Subscription): string {
  if (subscription.tier === 'premium' && subscription.premiumEndsOn) {
    return `The years are added after the current end, ${formatDate(subscription.premiumEndsOn)}.`;
  }
  if (subscription.tier === 'trial') {
    return 'Premium starts today and takes over from the trial.';
  }
  return 'Premium starts today.';
}
