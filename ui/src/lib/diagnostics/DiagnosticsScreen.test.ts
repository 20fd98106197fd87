import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostics, FeatureEntitlement, HealthReport, LampMeaning } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import { NOW, ago } from '../dashboard/test-fixtures';
import DiagnosticsScreen from './DiagnosticsScreen.svelte';

const AVAILABLE: FeatureEntitlement = {
  feature: 'diagnostics',
  label: 'Diagnostics and health report',
  entitlement: { status: 'available' },
};

const LOCKED: FeatureEntitlement = {
  feature: 'diagnostics',
  label: 'Diagnostics and health report',
  entitlement: {
    status: 'locked',
    code: 'warranty_ended',
    reason: 'Diagnostics and health report is free only during the warranty, which has ended.',
    unlock: 'Buy Premium for this car under Subscription.',
  },
};

const CHECK_ENGINE: LampMeaning = {
  lamp: 'check_engine',
  name: 'Check engine',
  meaning: 'The engine management found a fault. The car can usually be driven; have it checked soon.',
};
const SERVICE_DUE: LampMeaning = {
  lamp: 'service_due',
  name: 'Service due',
  meaning: 'The scheduled service is due. Book it with your dealer.',
};

function report(overrides: Partial<HealthReport> = {}): HealthReport {
  return {
    warningLamps: [],
    lowTyres: [],
    tyresKpa: { frontLeft: 240, frontRight: 240, rearLeft: 230, rearRight: 230 },
    battery12vOk: true,
    battery12vMillivolts: 12_600,
    serviceDue: false,
    odometerKm: 12_345,
    reportedAt: ago(5 * 60),
    ...overrides,
  };
}

function diagnostics(overrides: Partial<Diagnostics> = {}): Diagnostics {
  return { report: report(), reportError: null, history: [], lamps: [], ...overrides };
}

function setup(options: MockBackendOptions = {}, id = 'veh_qashqai') {
  const backend = mockBackend({
    vehicle: vehicle({ entitlements: [AVAILABLE] }),
    diagnostics: diagnostics(),
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  render(DiagnosticsScreen, {
    props: { params: new URLSearchParams(id ? { id } : {}) },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

describe('Diagnostics', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads, then shows a healthy report', async () => {
    const { backend } = setup();
    expect(screen.getByTestId('diagnostics-loading')).toHaveTextContent('Reading the car’s health');
    const card = await screen.findByTestId('diagnostics-report');
    expect(backend.command('diagnostics').calls).toEqual([['veh_qashqai']]);
    expect(backend.command('vehicle').calls).toEqual([['veh_qashqai']]);
    expect(screen.getByTestId('diagnostics-title')).toHaveAttribute('tabindex', '-1');
    expect(screen.getByTestId('diagnostics-back')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    expect(screen.getByTestId('diagnostics-back')).toHaveTextContent('Qashqai 2025');
    expect(card).toHaveAttribute('data-healthy', 'true');
    expect(screen.getByTestId('diagnostics-no-lamps')).toHaveTextContent('No warning lamps');
    const tyres = screen.getAllByTestId('diagnostics-tyre');
    expect(tyres.map((t) => t.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Front left 240 kPa',
      'Front right 240 kPa',
      'Rear left 230 kPa',
      'Rear right 230 kPa',
    ]);
    expect(tyres.every((t) => t.getAttribute('data-low') === 'false')).toBe(true);
    expect(screen.getByTestId('diagnostics-battery')).toHaveTextContent('12.6 V · OK');
    expect(screen.getByTestId('diagnostics-battery')).toHaveAttribute('data-ok', 'true');
    expect(screen.getByTestId('diagnostics-service')).toHaveTextContent('Not due');
    expect(screen.getByTestId('diagnostics-odometer')).toHaveTextContent(/12.?345 km/);
    expect(screen.getByTestId('diagnostics-reported')).toHaveTextContent('5 min ago');
    expect(screen.queryByTestId('diagnostics-lock')).not.toBeInTheDocument();
  });

  it('explains each lamp and marks low tyres, a weak battery and a due service', async () => {
    setup({
      diagnostics: diagnostics({
        report: report({
          warningLamps: ['check_engine', 'service_due'],
          lowTyres: ['front right', 'rear left'],
          tyresKpa: { frontLeft: 240, frontRight: 190, rearLeft: 185, rearRight: 230 },
          battery12vOk: false,
          battery12vMillivolts: 11_490,
          serviceDue: true,
        }),
        lamps: [CHECK_ENGINE, SERVICE_DUE],
      }),
    });
    const card = await screen.findByTestId('diagnostics-report');
    expect(card).toHaveAttribute('data-healthy', 'false');
    const lamps = screen.getAllByTestId('diagnostics-lamp');
    expect(lamps.map((l) => l.getAttribute('data-lamp'))).toEqual(['check_engine', 'service_due']);
    expect(lamps[0]).toHaveTextContent('Check engine');
    expect(lamps[0]).toHaveTextContent('The engine management found a fault.');
    expect(lamps[1]).toHaveTextContent('Book it with your dealer.');
    expect(screen.queryByTestId('diagnostics-no-lamps')).not.toBeInTheDocument();
    const low = screen.getAllByTestId('diagnostics-tyre').filter((t) => t.getAttribute('data-low') === 'true');
    expect(low.map((t) => t.getAttribute('data-tyre'))).toEqual(['front_right', 'rear_left']);
    expect(low[0]).toHaveTextContent('190 kPa');
    expect(low[0]).toHaveTextContent('Low');
    expect(screen.getByTestId('diagnostics-battery')).toHaveAttribute('data-ok', 'false');
    expect(screen.getByTestId('diagnostics-battery')).toHaveTextContent('11.4 V · Low');
    expect(screen.getByTestId('diagnostics-service')).toHaveAttribute('data-due', 'true');
    expect(screen.getByTestId('diagnostics-service')).toHaveTextContent('Due');
  });

  it('lists the history newest first, one line per change', async () => {
    setup({
      diagnostics: diagnostics({
        history: [
          report({ reportedAt: '2026-11-20T08:00:00Z', warningLamps: ['check_engine'], battery12vOk: false }),
          report({ reportedAt: '2026-11-22T09:30:00Z' }),
          report({ reportedAt: '2026-11-21T18:15:00Z', lowTyres: ['front left'], serviceDue: true, warningLamps: ['service_due'] }),
        ],
        lamps: [CHECK_ENGINE, SERVICE_DUE],
      }),
    });
    const items = await screen.findAllByTestId('diagnostics-history-item');
    expect(items.map((i) => i.querySelector('time')?.getAttribute('datetime'))).toEqual([
      '2026-11-22T09:30:00Z',
      '2026-11-21T18:15:00Z',
      '2026-11-20T08:00:00Z',
    ]);
    const summaries = screen.getAllByTestId('diagnostics-history-summary').map((s) => s.textContent);
    expect(summaries).toEqual([
      'All clear',
      'Low tyre: front left · Service due',
      'Lamp on: Check engine · 12 V battery low',
    ]);
    expect(items[0]).toHaveAttribute('data-healthy', 'true');
    expect(items[2]).toHaveAttribute('data-healthy', 'false');
    expect(items[1]!.querySelector('time')).toHaveTextContent(/2026/);
    expect(screen.queryByTestId('diagnostics-history-empty')).not.toBeInTheDocument();
  });

  it('says when there is no history yet', async () => {
    setup();
    expect(await screen.findByTestId('diagnostics-history-empty')).toHaveTextContent('No changes recorded yet');
    expect(screen.queryAllByTestId('diagnostics-history-item')).toHaveLength(0);
  });

  it('shows the lock instead of the report when diagnostics are locked, and still the history', async () => {
    setup({
      vehicle: vehicle({ entitlements: [LOCKED] }),
      diagnostics: diagnostics({
        report: null,
        reportError: appError('feature_locked', 'Diagnostics need Premium now that the warranty ended.'),
        history: [report({ reportedAt: '2026-11-21T18:15:00Z', lowTyres: ['rear right'] })],
      }),
    });
    const lock = await screen.findByTestId('diagnostics-lock');
    expect(lock).toHaveAttribute('data-status', 'locked');
    expect(lock).toHaveTextContent('free only during the warranty');
    expect(screen.getByTestId('diagnostics-lock-subscribe')).toHaveAttribute('href', '#/vehicle/subscription?id=veh_qashqai');
    expect(screen.queryByTestId('diagnostics-report')).not.toBeInTheDocument();
    expect(screen.queryByTestId('diagnostics-report-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('diagnostics-history-summary')).toHaveTextContent('Low tyre: rear right');
  });

  it('says why the report is missing and still shows the history', async () => {
    const { backend, user } = setup({
      diagnostics: diagnostics({
        report: null,
        reportError: appError('status_unavailable', 'The car has not reported its status yet.'),
        history: [report({ reportedAt: '2026-11-21T18:15:00Z' })],
      }),
    });
    const error = await screen.findByTestId('diagnostics-report-error');
    expect(error).toHaveAttribute('data-code', 'status_unavailable');
    expect(error).toHaveTextContent('The car has not reported its status yet.');
    expect(screen.queryByTestId('diagnostics-report')).not.toBeInTheDocument();
    expect(screen.getByTestId('diagnostics-history-summary')).toHaveTextContent('All clear');

    backend.command('diagnostics').answer = diagnostics();
    await user.click(screen.getByTestId('diagnostics-reload'));
    expect(await screen.findByTestId('diagnostics-report')).toBeInTheDocument();
    expect(screen.queryByTestId('diagnostics-report-error')).not.toBeInTheDocument();
    expect(backend.command('diagnostics').calls).toHaveLength(2);
  });

  it('refreshes on demand, showing progress', async () => {
    const { backend, user } = setup();
    await screen.findByTestId('diagnostics-report');
    backend.command('diagnostics').answer = () => new Promise(() => {});
    await user.click(screen.getByTestId('diagnostics-reload'));
    expect(screen.getByTestId('diagnostics-reload')).toBeDisabled();
    expect(screen.getByTestId('diagnostics-reload')).toHaveTextContent('Refreshing…');
    // The report read before stays while the new one is on its way.
    expect(screen.getByTestId('diagnostics-report')).toBeInTheDocument();
  });

  it('reports a failed load and tries again', async () => {
    const { backend, user } = setup({
      diagnostics: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    const error = await screen.findByTestId('diagnostics-error');
    expect(error).toHaveTextContent('Failed to connect to the server.');
    expect(screen.queryByTestId('diagnostics-report')).not.toBeInTheDocument();
    backend.command('diagnostics').answer = diagnostics();
    await user.click(screen.getByTestId('diagnostics-error-retry'));
    expect(await screen.findByTestId('diagnostics-report')).toBeInTheDocument();
    expect(screen.queryByTestId('diagnostics-error')).not.toBeInTheDocument();
  });

  it('asks to pick a car when none is given', () => {
    const { backend } = setup({}, '');
    expect(screen.getByTestId('diagnostics-missing')).toHaveTextContent('No vehicle was chosen');
    expect(backend.command('diagnostics').calls).toHaveLength(0);
  });

  it('goes to Sign in when the session ended', async () => {
    const { session } = setup({
      diagnostics: () => Promise.reject(appError('session_expired', 'Your session has ended.')),
    });
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
    expect(screen.queryByTestId('diagnostics-error')).not.toBeInTheDocument();
  });

  it('counts the report’s age again as time passes', async () => {
    setup();
    const reported = await screen.findByTestId('diagnostics-reported');
    expect(reported).toHaveTextContent('5 min ago');
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(within(screen.getByTestId('diagnostics-report')).getByTestId('diagnostics-reported')).toHaveTextContent('1 h ago');
  });
});
