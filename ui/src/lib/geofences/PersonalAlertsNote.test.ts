// In personal mode the geofence and alerts screens say alerts are judged only while the app runs.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import AlertsScreen from '../alerts/AlertsScreen.svelte';
import { loadedSession, mockBackend, PERSONAL_INFO, screenContext, SERVER_INFO } from '../app/test-support';
import { account } from '../backend/fixtures';
import type { BackendInfo } from '../bindings';
import { alertPage, OWNER_CAR } from './test-fixtures';
import { loaded, setup } from './test-support';

vi.mock('./ZoneMap.svelte', async () => await import('./ZoneMapDouble.svelte'));

function alertsScreen(info: Partial<BackendInfo>) {
  const backend = mockBackend({ vehicle: OWNER_CAR, alertHistory: alertPage(3, 3) });
  const session = loadedSession(backend, { account: account(), info });
  render(AlertsScreen, {
    props: { params: new URLSearchParams({ id: 'veh_qashqai' }) },
    context: screenContext(backend, session),
  });
}

describe('Alerts in personal mode', () => {
  it('the geofences screen says alerts are judged only while the app runs', async () => {
    const { session } = setup();
    await loaded();
    expect(screen.queryByTestId('geofences-personal-note')).not.toBeInTheDocument();
    session.info = { ...session.info!, ...PERSONAL_INFO } as BackendInfo;
    expect(await screen.findByTestId('geofences-personal-note')).toHaveTextContent(
      'Keyfob judges alerts only while the app is running on this device',
    );
  });

  it('the alerts screen says so too', async () => {
    alertsScreen(PERSONAL_INFO);
    expect(await screen.findByTestId('alerts-personal-note')).toHaveTextContent('only while the app is running');
  });

  it('neither says it on a server', async () => {
    alertsScreen(SERVER_INFO);
    await screen.findAllByTestId('alert-item');
    expect(screen.queryByTestId('alerts-personal-note')).not.toBeInTheDocument();
  });
});
