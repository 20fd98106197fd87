import { describe, expect, it } from 'vitest';
import { appError, vehicle } from '../backend/fixtures';
import { activationLabel, millisSince, proofKind, subscriptionSummary, warrantySummary } from './format';
import { linkGuidance } from './guidance';

describe('linkGuidance', () => {
  it.each([
    'vehicle_not_in_database',
    'market_mismatch',
    'no_telematics_unit',
    'sim_not_activated',
    'vehicle_already_linked',
    'vehicle_already_yours',
    'proof_wrong',
    'proof_locked',
    'proof_invalid',
    'vin_length',
    'vin_forbidden_letter',
    'vin_invalid_character',
    'vin_check_digit',
    'vin_not_nissan',
    'vin_model_year',
    'owner_only',
    'driver_already_added',
    'cannot_invite_self',
    'email_invalid',
    'activation_not_pending',
    'activation_not_expired',
  ])('has advice for %s', (code) => {
    expect(linkGuidance(appError(code, 'x')).length).toBeGreaterThan(0);
  });

  it('leaves connection errors and bugs to the generic notice', () => {
    expect(linkGuidance(appError('unreachable', 'x'))).toEqual([]);
    expect(linkGuidance(new Error('bug'))).toEqual([]);
  });

  it('sends SIM and database problems to a dealer', () => {
    expect(linkGuidance(appError('sim_not_activated', 'x')).join(' ')).toContain('dealer');
    expect(linkGuidance(appError('vehicle_not_in_database', 'x')).join(' ')).toContain('dealer');
  });

  it('explains the used-car way out', () => {
    const text = linkGuidance(appError('vehicle_already_linked', 'x')).join(' ');
    expect(text).toContain('previous owner');
    expect(text).toContain('transfer');
  });

  it('names both regions of a market mismatch when known', () => {
    const text = linkGuidance(appError('market_mismatch', 'x'), { accountRegion: 'CA', carMarket: 'US' }).join(' ');
    expect(text).toContain('Your account is registered in Canada, but this car was sold for United States.');
  });

  it('says where to find the chosen proof', () => {
    const text = linkGuidance(appError('proof_wrong', 'x'), { proof: 'warranty_code' }).join(' ');
    expect(text).toContain('warranty book');
  });
});

describe('format', () => {
  it('labels activation states', () => {
    expect(activationLabel('pending')).toBe('Waiting for confirmation in the car');
    expect(activationLabel('confirming')).toBe('Synchronising');
    expect(activationLabel('active')).toBe('Active');
    expect(activationLabel('expired')).toBe('Expired — link again');
  });

  it('summarises subscriptions', () => {
    const { subscription } = vehicle();
    expect(subscriptionSummary(subscription)).toMatch(/^Trial until .*2028/);
    expect(subscriptionSummary({ ...subscription, tier: 'basic' })).toContain('Basic');
    expect(subscriptionSummary({ ...subscription, tier: 'premium', premiumEndsOn: '2027-01-31' })).toMatch(/^Premium until .*2027/);
    expect(warrantySummary({ ...subscription, warrantyActive: false })).toMatch(/^Warranty ended/);
  });

  it('measures time since a moment, never negative', () => {
    const now = Date.parse('2026-11-23T10:05:00Z');
    expect(millisSince('2026-11-23T10:00:00Z', now)).toBe(300_000);
    expect(millisSince('2026-11-23T10:10:00Z', now)).toBeNull();
    expect(millisSince(null, now)).toBeNull();
    expect(millisSince('not a date', now)).toBeNull();
  });

  it('falls back to the body number for an unknown proof', () => {
    expect(proofKind('nonsense').kind).toBe('body_number');
  });
});
