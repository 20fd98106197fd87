import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { StoreHealth } from '../bindings';
import { backendContext } from '../backend';
import { backendInfo } from '../backend/fixtures';
import { flushPromises, MockBackend } from '../backend/mock';
import StoreNotice from './StoreNotice.svelte';

async function show(store: StoreHealth | Error) {
  const backend = new MockBackend({
    backendInfo: () => (store instanceof Error ? Promise.reject(store) : backendInfo(store)),
  });
  render(StoreNotice, { context: backendContext(backend) });
  await flushPromises();
  return backend;
}

describe('StoreNotice', () => {
  it('says nothing while the store is encrypted', async () => {
    const backend = await show({ state: 'encrypted' });
    expect(backend.info.calls).toHaveLength(1);
    expect(screen.queryByTestId('store-notice')).not.toBeInTheDocument();
  });

  it('warns that nothing is saved without a credential store, with the reason', async () => {
    await show({ state: 'memoryOnly', reason: 'no Secret Service' });
    const notice = screen.getByTestId('store-notice');
    expect(notice).toHaveAttribute('data-state', 'memoryOnly');
    expect(notice).toHaveTextContent('Nothing will be saved on this device');
    expect(notice).toHaveTextContent('no Secret Service');
    expect(notice).toHaveTextContent('restart Keyfob');
  });

  it('tells that damaged data was set aside, and can be dismissed', async () => {
    await show({ state: 'discarded', reason: 'the file was changed' });
    const notice = screen.getByTestId('store-notice');
    expect(notice).toHaveAttribute('data-state', 'discarded');
    expect(notice).toHaveTextContent('Sign in again');
    await userEvent.setup().click(screen.getByTestId('store-notice-dismiss'));
    expect(screen.queryByTestId('store-notice')).not.toBeInTheDocument();
  });

  it('keeps quiet when the app cannot be asked', async () => {
    await show(new Error('ipc down'));
    expect(screen.queryByTestId('store-notice')).not.toBeInTheDocument();
  });
});
