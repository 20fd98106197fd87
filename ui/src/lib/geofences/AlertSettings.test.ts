import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { appError } from '../backend/fixtures';
import { geofences, LIMITS } from './test-fixtures';
import { loaded, setup } from './test-support';

// Leaflet needs a real layout; the double records what the map is given instead.
vi.mock('./ZoneMap.svelte', async () => await import('./ZoneMapDouble.svelte'));

describe('Geofences: curfew, speed alert and email', () => {
  it('saves a curfew, a speed alert and the email choice together', async () => {
    const { backend, user } = setup();
    await loaded();
    expect(screen.getByTestId('alerts-time-zone')).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(screen.getByTestId('curfew-none')).toBeInTheDocument();
    await user.clear(screen.getByTestId('alerts-time-zone'));
    await user.type(screen.getByTestId('alerts-time-zone'), 'Europe/Paris');
    await user.click(screen.getByTestId('curfew-add-window'));
    for (const day of [6, 7]) await user.click(screen.getByTestId(`curfew-day-0-${day}`));
    await user.clear(screen.getByTestId('curfew-end-0'));
    await user.type(screen.getByTestId('curfew-end-0'), '5:30');
    expect(screen.getByTestId('speed-limit')).toBeDisabled();
    await user.click(screen.getByTestId('speed-enabled'));
    await user.clear(screen.getByTestId('speed-limit'));
    await user.type(screen.getByTestId('speed-limit'), '110');
    await user.click(screen.getByTestId('alert-email'));
    await waitFor(() => expect(screen.getByTestId('settings-save')).toBeEnabled());
    await user.click(screen.getByTestId('settings-save'));

    const expected = {
      curfew: { timeZone: 'Europe/Paris', windows: [{ days: [1, 2, 3, 4, 5], start: '22:00', end: '05:30' }] },
      speedLimitKmh: 110,
      emailAlerts: true,
    };
    expect(backend.command('alertSettingsCheck').lastCall).toEqual([expected]);
    expect(backend.command('saveAlertSettings').calls).toEqual([['veh_qashqai', expected]]);
    expect(await screen.findByTestId('settings-saved')).toHaveTextContent('Saved.');
    // A change after saving takes the confirmation away until it is saved again.
    await user.click(screen.getByTestId('alert-email'));
    expect(screen.queryByTestId('settings-saved')).not.toBeInTheDocument();
  });

  it('keeps a tap on Save made before keyfob-core answered, and saves once it passes', async () => {
    const { backend, user } = setup();
    await loaded();
    const answers: ((problem: null) => void)[] = [];
    backend.command('alertSettingsCheck').answer = () => new Promise((resolve) => answers.push(resolve));
    await user.click(screen.getByTestId('alert-email'));
    await user.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-save')).toHaveTextContent('Saving…');
    expect(backend.command('saveAlertSettings').calls).toHaveLength(0);
    answers.at(-1)!(null);
    await waitFor(() => expect(backend.command('saveAlertSettings').calls).toHaveLength(1));
    expect(backend.command('saveAlertSettings').lastCall?.[1]).toMatchObject({ emailAlerts: true });
    expect(await screen.findByTestId('settings-saved')).toBeInTheDocument();
  });

  it('starts from the saved settings and removes a curfew window', async () => {
    const { backend, user } = setup({
      geofences: geofences({
        settings: {
          curfew: {
            timeZone: 'America/New_York',
            windows: [
              { days: [5], start: '23:00', end: '06:00' },
              { days: [6], start: '23:30', end: '07:00' },
            ],
          },
          speedLimitKmh: 90,
          emailAlerts: true,
        },
      }),
    });
    await loaded();
    expect(screen.getByTestId('alerts-time-zone')).toHaveValue('America/New_York');
    expect(screen.getByTestId('curfew-day-0-5')).toBeChecked();
    expect(screen.getByTestId('curfew-start-1')).toHaveValue('23:30');
    expect(screen.getByTestId('speed-enabled')).toBeChecked();
    expect(screen.getByTestId('speed-limit')).toHaveValue('90');
    expect(screen.getByTestId('alert-email')).toBeChecked();
    await user.click(screen.getByTestId('curfew-remove-0'));
    await user.click(screen.getByTestId('speed-enabled'));
    await waitFor(() => expect(screen.getByTestId('settings-save')).toBeEnabled());
    await user.click(screen.getByTestId('settings-save'));
    expect(backend.command('saveAlertSettings').lastCall?.[1]).toEqual({
      curfew: { timeZone: 'America/New_York', windows: [{ days: [6], start: '23:30', end: '07:00' }] },
      speedLimitKmh: null,
      emailAlerts: true,
    });
  });

  it('holds the curfew at keyfob-core’s most windows', async () => {
    const { user } = setup({ geofences: geofences({ limits: { ...LIMITS, maxCurfewWindows: 2 } }) });
    await loaded();
    await user.click(screen.getByTestId('curfew-add-window'));
    await user.click(screen.getByTestId('curfew-add-window'));
    expect(screen.getByTestId('curfew-start-1')).toBeInTheDocument();
    expect(screen.getByTestId('curfew-add-window')).toBeDisabled();
    expect(screen.getByTestId('curfew-windows-full')).toHaveTextContent('2 is the most allowed');
  });

  it('shows keyfob-core’s problems under the speed and the curfew, and holds Save', async () => {
    const { user } = setup({
      alertSettingsCheck: (settings) =>
        settings.speedLimitKmh !== null && settings.speedLimitKmh !== undefined && settings.speedLimitKmh < 30
          ? appError('speed_limit', 'Set the speed alert from 30 to 250 km/h; 20 is outside.', { field: 'speedLimit' })
          : settings.curfew?.windows.some((w) => w.start === w.end)
            ? appError('curfew_schedule', 'Window 1 starts and ends at the same minute; give it some length.', { field: 'curfew' })
            : null,
    });
    await loaded();
    await user.click(screen.getByTestId('speed-enabled'));
    await user.clear(screen.getByTestId('speed-limit'));
    await user.type(screen.getByTestId('speed-limit'), '20');
    const error = await screen.findByTestId('settings-error');
    expect(error).toHaveAttribute('data-field', 'speedLimit');
    expect(error).toHaveTextContent('Set the speed alert from 30 to 250 km/h');
    expect(screen.getByTestId('speed-limit').parentElement).toContainElement(error);
    expect(screen.getByTestId('settings-save')).toBeDisabled();

    await user.type(screen.getByTestId('speed-limit'), '0');
    await user.click(screen.getByTestId('curfew-add-window'));
    await user.clear(screen.getByTestId('curfew-end-0'));
    await user.type(screen.getByTestId('curfew-end-0'), '22:00');
    const curfewError = await screen.findByTestId('settings-error');
    await waitFor(() => expect(screen.getByTestId('settings-error')).toHaveAttribute('data-field', 'curfew'));
    expect(curfewError).toHaveTextContent('starts and ends at the same minute');
    expect(screen.getByTestId('settings-save')).toBeDisabled();
  });

  it('says when the speed is not a whole number', async () => {
    const { user } = setup();
    await loaded();
    await user.click(screen.getByTestId('speed-enabled'));
    await user.clear(screen.getByTestId('speed-limit'));
    await user.type(screen.getByTestId('speed-limit'), 'fast');
    expect(await screen.findByTestId('settings-error')).toHaveTextContent('Type the speed limit in km/h');
  });

  it('shows the server’s refusal of the settings', async () => {
    const { user } = setup({
      saveAlertSettings: () => Promise.reject(appError('feature_locked', 'Geofence alerts need Premium.')),
    });
    await loaded();
    await user.click(screen.getByTestId('alert-email'));
    await waitFor(() => expect(screen.getByTestId('settings-save')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('settings-save-error')).toHaveTextContent('Geofence alerts need Premium.');
    expect(screen.queryByTestId('settings-saved')).not.toBeInTheDocument();
  });
});
