import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const app = vi.hoisted(() => ({ onBackButtonPress: vi.fn(), exit: vi.fn() }));
vi.mock('@tauri-apps/api/app', () => app);

import type { DeviceKind } from '../bindings';
import { deviceKind } from '../backend/fixtures';
import { flushPromises } from '../backend/mock';
import { followBackButton, takeBackPress } from './back-button';

type Press = (payload: { canGoBack: boolean }) => void;

describe('the Android back button', () => {
  let unregister: ReturnType<typeof vi.fn>;
  let back: ReturnType<typeof vi.spyOn>;
  let stop: (() => void) | null = null;

  beforeEach(() => {
    unregister = vi.fn().mockResolvedValue(undefined);
    app.onBackButtonPress.mockReset().mockResolvedValue({ unregister });
    app.exit.mockReset().mockResolvedValue(undefined);
    back = vi.spyOn(window.history, 'back').mockImplementation(() => {});
  });

  afterEach(() => {
    stop?.();
    stop = null;
  });

  async function follow(kind: DeviceKind): Promise<Press> {
    stop = followBackButton(Promise.resolve(kind));
    await flushPromises();
    expect(app.onBackButtonPress).toHaveBeenCalledTimes(1);
    return app.onBackButtonPress.mock.calls[0]![0] as Press;
  }

  it('goes back one screen in the app', async () => {
    const press = await follow(deviceKind('android'));
    press({ canGoBack: true });
    expect(back).toHaveBeenCalledTimes(1);
    expect(app.exit).not.toHaveBeenCalled();
  });

  it('closes the app on the first screen', async () => {
    const press = await follow(deviceKind('android'));
    press({ canGoBack: false });
    expect(app.exit).toHaveBeenCalledWith(0);
    expect(back).not.toHaveBeenCalled();
  });

  it('hands Back to Android when the app may not close itself', async () => {
    app.exit.mockRejectedValue('core:app:allow-exit not allowed');
    const press = await follow(deviceKind('android'));
    press({ canGoBack: false });
    await flushPromises();
    expect(unregister).toHaveBeenCalledTimes(1);
  });

  it('lets something open on top of the screen take the press', async () => {
    const press = await follow(deviceKind('android'));
    const closeScanner = vi.fn();
    const release = takeBackPress(closeScanner);
    press({ canGoBack: true });
    expect(closeScanner).toHaveBeenCalledTimes(1);
    expect(back).not.toHaveBeenCalled();
    release();
    press({ canGoBack: true });
    expect(closeScanner).toHaveBeenCalledTimes(1);
    expect(back).toHaveBeenCalledTimes(1);
  });

  it.each(['ios', 'linux', 'windows', 'macos'] as const)('leaves %s alone', async (os) => {
    stop = followBackButton(Promise.resolve(deviceKind(os)));
    await flushPromises();
    expect(app.onBackButtonPress).not.toHaveBeenCalled();
  });

  it('stops following when told, even before the listener is in place', async () => {
    await follow(deviceKind('android'));
    stop!();
    stop = null;
    await flushPromises();
    expect(unregister).toHaveBeenCalledTimes(1);

    app.onBackButtonPress.mockClear();
    const early = followBackButton(Promise.resolve(deviceKind('android')));
    early();
    await flushPromises();
    expect(unregister).toHaveBeenCalledTimes(1);
    expect(app.onBackButtonPress).not.toHaveBeenCalled();
  });

  it('keeps Android’s own Back when the listener cannot be registered', async () => {
    app.onBackButtonPress.mockRejectedValue('core:app:allow-register-listener not allowed');
    stop = followBackButton(Promise.resolve(deviceKind('android')));
    await flushPromises();
    expect(back).not.toHaveBeenCalled();
  });
});
