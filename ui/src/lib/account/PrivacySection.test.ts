import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { mockBackend, setupUser } from '../app/test-support';
import { backendContext } from '../backend';
import type { MockBackendOptions } from '../backend/mock';
import PrivacySection from './PrivacySection.svelte';

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend(options);
  const user = setupUser();
  render(PrivacySection, { context: backendContext(backend) });
  return { backend, user };
}

describe('Account › Privacy', () => {
  it('explains what loading map tiles sends, and says nobody chose yet', async () => {
    const { backend } = setup();
    const toggle = screen.getByTestId('privacy-map-tiles');
    await waitFor(() => expect(toggle).toHaveAttribute('data-state', 'unset'));
    expect(backend.command('mapPrivacy').calls).toHaveLength(1);
    expect(toggle).toHaveAttribute('role', 'switch');
    expect(toggle).not.toBeChecked();
    expect(screen.getByRole('switch', { name: 'Load map tiles from OpenStreetMap' })).toBe(toggle);
    const explain = screen.getByTestId('privacy-map-tiles-explain');
    expect(explain).toHaveTextContent('tile.openstreetmap.org');
    expect(explain).toHaveTextContent('around your car');
    expect(explain).toHaveTextContent('internet address');
    expect(explain).toHaveTextContent('plain grid');
    expect(explain).toHaveTextContent('You have not chosen yet');
  });

  it('turns tiles on and off', async () => {
    const { backend, user } = setup({ mapPrivacy: { tilesAllowed: false } });
    const toggle = screen.getByTestId('privacy-map-tiles');
    await waitFor(() => expect(toggle).toHaveAttribute('data-state', 'off'));
    expect(screen.getByTestId('privacy-map-tiles-explain')).not.toHaveTextContent('not chosen');
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute('data-state', 'on'));
    expect(toggle).toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute('data-state', 'off'));
    expect(toggle).not.toBeChecked();
    expect(backend.command('setMapTiles').calls).toEqual([[true], [false]]);
  });

  it('shows what holds when the choice could not be saved', async () => {
    const { user } = setup({
      mapPrivacy: { tilesAllowed: true },
      setMapTiles: () => Promise.reject(new Error('IPC is down')),
    });
    const toggle = screen.getByTestId('privacy-map-tiles');
    await waitFor(() => expect(toggle).toBeChecked());
    await user.click(toggle);
    expect(await screen.findByTestId('privacy-error')).toBeInTheDocument();
    expect(toggle).toBeChecked();
    expect(toggle).toHaveAttribute('data-state', 'on');
  });
});
