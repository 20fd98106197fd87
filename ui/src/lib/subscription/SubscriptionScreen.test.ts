import { render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureEntitlement, Inclusion, Subscription, SubscriptionPlan, Tier, Vehicle } from '../bindings';
import { loadedSession, mockBackend, screenContext, SERVER_INFO, setupUser } from '../app/test-support';
import { account, appError, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import SubscriptionScreen from './SubscriptionScreen.svelte';

const FEATURES: [Feature, string, boolean][] = [
  ['status', 'Vehicle status', false],
  ['remote_start', 'Remote engine start', true],
  ['diagnostics', 'Diagnostics and health report', false],
];

// The plans as keyfob-core lists them: paid features need Trial or Premium, diagnostics are free
// during the warranty.
function plan(tier: Tier, label: string): SubscriptionPlan {
  const paid = tier !== 'basic';
  return {
    tier,
    label,
    features: FEATURES.map(([feature, featureLabel, needsPaid]) => ({
      feature,
      label: featureLabel,
      inclusion: (paid ? 'included' : needsPaid ? 'not_included' : feature === 'diagnostics' ? 'during_warranty' : 'included') as Inclusion,
    })),
  };
}
const PLANS = [plan('trial', 'Trial'), plan('premium', 'Premium'), plan('basic', 'Basic')];

const available = (feature: Feature, label: string): FeatureEntitlement => ({ feature, label, entitlement: { status: 'available' } });
const REMOTE_LOCKED: FeatureEntitlement = {
  feature: 'remote_start',
  label: 'Remote engine start',
  entitlement: {
    status: 'locked',
    code: 'subscription_required',
    reason: 'Remote engine start needs a Trial or Premium subscription; this car is on Basic.',
    unlock: 'Buy Premium for this car under Subscription.',
  },
};
const SEND_UNSUPPORTED: FeatureEntitlement = {
  feature: 'send_to_car',
  label: 'Send a destination to the car',
  entitlement: {
    status: 'unsupported',
    code: 'needs_current_generation',
    reason: 'Sending a destination needs the current NissanConnect (2021 and later models).',
  },
};

function car(subscription: Partial<Subscription> = {}, overrides: Partial<Vehicle> = {}): Vehicle {
  const base = vehicle();
  return vehicle({
    subscription: { ...base.subscription, ...subscription },
    entitlements: [available('status', 'Vehicle status'), available('remote_start', 'Remote engine start')],
    ...overrides,
  });
}

const BASIC = car(
  { tier: 'basic', trialEndsOn: '2026-03-01', warrantyEndsOn: '2026-06-01', warrantyActive: false },
  { entitlements: [available('status', 'Vehicle status'), REMOTE_LOCKED] },
);
const PREMIUM = car({ tier: 'premium', premiumEndsOn: '2029-05-10' });

function setup(options: MockBackendOptions = {}, info = {}) {
  const backend = mockBackend({ vehicle: car(), subscriptionPlans: PLANS, ...options });
  const session = loadedSession(backend, { account: account(), info });
  const user = setupUser();
  render(SubscriptionScreen, {
    props: { params: new URLSearchParams({ id: 'veh_qashqai' }) },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

describe('Subscription', () => {
  it('shows a trial, its end, the warranty and the plans compared', async () => {
    const { backend } = setup();
    expect(screen.getByTestId('subscription-loading')).toBeInTheDocument();
    const tier = await screen.findByTestId('subscription-tier');
    expect(backend.command('vehicle').calls).toEqual([['veh_qashqai']]);
    expect(screen.getByTestId('subscription-title')).toHaveAttribute('tabindex', '-1');
    expect(screen.getByTestId('subscription-back')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    expect(tier).toHaveAttribute('data-tier', 'trial');
    expect(tier).toHaveTextContent('Trial');
    expect(screen.getByTestId('subscription-ends')).toHaveTextContent(/The trial ends on .*2028/);
    expect(screen.getByTestId('subscription-ends')).not.toHaveTextContent('2028-03-01');
    expect(screen.getByTestId('subscription-warranty')).toHaveTextContent(/Under warranty until .*2030/);

    const plans = within(screen.getByTestId('subscription-plans')).getAllByTestId('subscription-plan');
    expect(plans.map((p) => p.getAttribute('data-tier'))).toEqual(['trial', 'premium', 'basic']);
    expect(plans.map((p) => p.getAttribute('data-current'))).toEqual(['true', 'false', 'false']);
    expect(within(plans[0]!).getByTestId('subscription-plan-current')).toHaveTextContent('This car’s plan');
    expect(within(plans[1]!).queryByTestId('subscription-plan-current')).not.toBeInTheDocument();
    const basicRows = within(plans[2]!).getAllByTestId('subscription-plan-feature');
    expect(basicRows.map((r) => [r.getAttribute('data-feature'), r.getAttribute('data-inclusion')])).toEqual([
      ['status', 'included'],
      ['remote_start', 'not_included'],
      ['diagnostics', 'during_warranty'],
    ]);
    expect(basicRows[1]).toHaveTextContent('Not included');
    expect(basicRows[2]).toHaveTextContent('While under warranty');
  });

  it('shows what the car can use now, locked features with how to unlock them', async () => {
    setup({ vehicle: BASIC });
    const tier = await screen.findByTestId('subscription-tier');
    expect(tier).toHaveAttribute('data-tier', 'basic');
    expect(screen.getByTestId('subscription-ends')).toHaveTextContent(/Basic is free .* The trial ended on .*2026/);
    expect(screen.getByTestId('subscription-warranty')).toHaveAttribute('data-active', 'false');
    expect(screen.getByTestId('subscription-warranty')).toHaveTextContent('Warranty ended on');
    const rows = screen.getAllByTestId('subscription-feature');
    expect(rows.map((r) => [r.getAttribute('data-feature'), r.getAttribute('data-status')])).toEqual([
      ['status', 'available'],
      ['remote_start', 'locked'],
    ]);
    expect(rows[0]).toHaveTextContent('Available');
    expect(rows[1]).toHaveTextContent('this car is on Basic. Buy Premium for this car under Subscription.');
    expect(screen.getAllByTestId('subscription-plan')[2]).toHaveAttribute('data-current', 'true');
    expect(screen.getByTestId('subscription-effect')).toHaveTextContent('Premium starts today.');
    expect(screen.queryByTestId('subscription-unsupported-note')).not.toBeInTheDocument();
  });

  it('shows Premium with its end date and what more years do', async () => {
    setup({ vehicle: PREMIUM });
    expect(await screen.findByTestId('subscription-tier')).toHaveAttribute('data-tier', 'premium');
    expect(screen.getByTestId('subscription-ends')).toHaveTextContent(/Premium runs until .*2029/);
    expect(screen.getByTestId('subscription-effect')).toHaveTextContent(/added after the current end, .*2029/);
    expect(screen.getAllByTestId('subscription-plan')[1]).toHaveAttribute('data-current', 'true');
  });

  it('says a subscription cannot add what the car does not support', async () => {
    setup({
      vehicle: car({}, { generationLabel: 'NissanConnect 3.0', entitlements: [available('status', 'Vehicle status'), SEND_UNSUPPORTED] }),
    });
    const note = await screen.findByTestId('subscription-unsupported-note');
    expect(note).toHaveTextContent('Send a destination to the car: not possible on this car (NissanConnect 3.0)');
    expect(note).toHaveTextContent('a subscription will not change it');
    const row = screen.getAllByTestId('subscription-feature')[1];
    expect(row).toHaveAttribute('data-status', 'unsupported');
    expect(row).toHaveTextContent('Not on this car');
    expect(row).toHaveTextContent('needs the current NissanConnect');
  });

  it('buys Premium in the sandbox and shows the new end date', async () => {
    const { backend, user } = setup({
      vehicle: BASIC,
      purchasePremium: car({ tier: 'premium', premiumEndsOn: '2028-11-23', warrantyActive: false }),
    });
    await screen.findByTestId('subscription-tier');
    expect(screen.getByTestId('subscription-sandbox-note')).toHaveTextContent('the payment is pretend');
    expect(screen.getByTestId('subscription-buy')).toHaveTextContent('Buy Premium (pretend payment)');
    await user.selectOptions(screen.getByTestId('subscription-years'), '2');
    await user.click(screen.getByTestId('subscription-buy'));
    expect(backend.command('purchasePremium').calls).toEqual([['veh_qashqai', 2]]);
    const bought = await screen.findByTestId('subscription-bought');
    expect(bought).toHaveTextContent(/Premium now runs until .*2028/);
    expect(bought).toHaveTextContent('sandbox mailbox');
    expect(screen.getByTestId('subscription-tier')).toHaveAttribute('data-tier', 'premium');
    expect(screen.getAllByTestId('subscription-feature')[1]).toHaveAttribute('data-status', 'available');
    expect(screen.queryByTestId('subscription-buy-error')).not.toBeInTheDocument();
  });

  it('shows progress while buying', async () => {
    const { backend, user } = setup({ vehicle: BASIC, purchasePremium: PREMIUM, manual: true });
    await waitFor(() => expect(backend.command('vehicle').pending).toHaveLength(1));
    await backend.command('vehicle').pending[0]!.resolve();
    await backend.command('subscriptionPlans').pending[0]!.resolve();
    await user.click(await screen.findByTestId('subscription-buy'));
    expect(screen.getByTestId('subscription-buy')).toBeDisabled();
    expect(screen.getByTestId('subscription-buy')).toHaveTextContent('Buying…');
    expect(screen.getByTestId('subscription-years')).toBeDisabled();
    await backend.command('purchasePremium').pending[0]!.resolve();
    expect(await screen.findByTestId('subscription-bought')).toBeInTheDocument();
    expect(screen.getByTestId('subscription-buy')).toBeEnabled();
  });

  it('says why a purchase failed and keeps the plan', async () => {
    const { user } = setup({
      vehicle: BASIC,
      purchasePremium: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    await user.click(await screen.findByTestId('subscription-buy'));
    const error = await screen.findByTestId('subscription-buy-error');
    expect(error).toHaveTextContent('Failed to connect to the server.');
    expect(screen.getByTestId('subscription-tier')).toHaveAttribute('data-tier', 'basic');
    expect(screen.queryByTestId('subscription-bought')).not.toBeInTheDocument();
  });

  it('offers the purchase on a server without calling it pretend', async () => {
    const { backend, user } = setup(
      { purchasePremium: () => Promise.reject(appError('sandbox_only', 'Purchases are only possible in the sandbox.')) },
      SERVER_INFO,
    );
    const buy = await screen.findByTestId('subscription-buy');
    expect(buy).toHaveTextContent('Buy Premium');
    expect(buy).not.toHaveTextContent('pretend');
    expect(screen.queryByTestId('subscription-sandbox-note')).not.toBeInTheDocument();
    await user.click(buy);
    expect(backend.command('purchasePremium').calls).toEqual([['veh_qashqai', 1]]);
    expect(await screen.findByTestId('subscription-buy-error')).toHaveTextContent('only possible in the sandbox');
  });

  it('tells a driver that only the owner can buy', async () => {
    const { backend } = setup({ vehicle: car({}, { role: 'driver', ownerNickname: 'anna_k' }) });
    expect(await screen.findByTestId('subscription-owner-only')).toHaveTextContent('Only the owner, anna_k, can buy Premium');
    expect(screen.queryByTestId('subscription-buy')).not.toBeInTheDocument();
    expect(screen.queryByTestId('subscription-years')).not.toBeInTheDocument();
    expect(backend.command('purchasePremium').calls).toHaveLength(0);
  });

  it('reports a failed load and tries again', async () => {
    const { backend, user } = setup({ vehicle: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')) });
    expect(await screen.findByTestId('subscription-error')).toHaveTextContent('Failed to connect');
    backend.command('vehicle').answer = car();
    await user.click(screen.getByTestId('subscription-error-retry'));
    expect(await screen.findByTestId('subscription-tier')).toHaveAttribute('data-tier', 'trial');
  });

  it('goes to Sign in when the session ended', async () => {
    const { session } = setup({ vehicle: () => Promise.reject(appError('session_revoked', 'Signed out elsewhere.')) });
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
  });
});

describe('Subscription of a car through NissanConnect', () => {
  it('says Nissan manages its services, in the MyNISSAN app, and offers no Premium', async () => {
    const REMOTE_NOT_ACTIVE: FeatureEntitlement = {
      feature: 'remote_start',
      label: 'Remote engine start',
      entitlement: {
        status: 'locked',
        code: 'service_not_activated',
        reason: 'NissanConnect Services for this car do not include it.',
        unlock: 'Activate it in the MyNISSAN app.',
      },
    };
    setup({ vehicle: car({}, { viaNissanconnect: true, entitlements: [available('status', 'Vehicle status'), REMOTE_NOT_ACTIVE] }) });
    const managed = await screen.findByTestId('subscription-nissan');
    expect(managed).toHaveTextContent('Managed by Nissan');
    expect(managed).toHaveTextContent('MyNISSAN app');
    expect(screen.queryByTestId('subscription-purchase')).not.toBeInTheDocument();
    expect(screen.queryByTestId('subscription-buy')).not.toBeInTheDocument();
    expect(screen.queryByTestId('subscription-plans')).not.toBeInTheDocument();
    expect(screen.queryByTestId('subscription-tier')).not.toBeInTheDocument();
    const rows = screen.getAllByTestId('subscription-feature');
    expect(rows[1]).toHaveTextContent('Activate it in the MyNISSAN app.');
  });
});
