import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The camera: each test says what the phone answers.
const scanner = vi.hoisted(() => ({
  scan: vi.fn(),
  cancel: vi.fn(),
  checkPermissions: vi.fn(),
  requestPermissions: vi.fn(),
  openAppSettings: vi.fn(),
}));
vi.mock('@tauri-apps/plugin-barcode-scanner', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@tauri-apps/plugin-barcode-scanner')>()),
  ...scanner,
}));

import { Format } from '@tauri-apps/plugin-barcode-scanner';
import type { DeviceKind } from '../bindings';
import { onBack } from '../app/back-button';
import { backendContext } from '../backend';
import { deviceKind } from '../backend/fixtures';
import { MockBackend, flushPromises } from '../backend/mock';
import VinCheckScreen from './VinCheckScreen.svelte';
import { SCANNING_CLASS } from './VinScan.svelte';

const VIN = 'SJNFAAJ11U2345678';

/** A scan the test answers when it likes, as the camera does once a code is in view. */
function heldScan() {
  let answer!: (value: { content: string; format: Format; bounds: unknown }) => void;
  let fail!: (error: unknown) => void;
  scanner.scan.mockReturnValue(
    new Promise((resolve, reject) => {
      answer = resolve;
      fail = reject;
    }),
  );
  return {
    read: async (content: string, format: Format) => {
      answer({ content, format, bounds: null });
      await flushPromises();
    },
    fail: async (error: unknown) => {
      fail(error);
      await flushPromises();
    },
  };
}

async function setup(kind: DeviceKind = deviceKind('android')) {
  const backend = new MockBackend({ deviceKind: kind });
  const user = userEvent.setup();
  const view = render(VinCheckScreen, { context: backendContext(backend) });
  await flushPromises();
  const input = screen.getByTestId('vin-input') as HTMLInputElement;
  return { backend, user, input, view };
}

function scanningClass() {
  return document.documentElement.classList.contains(SCANNING_CLASS);
}

describe('Scanning the VIN', () => {
  beforeEach(() => {
    scanner.scan.mockReset();
    scanner.cancel.mockReset().mockResolvedValue(undefined);
    scanner.checkPermissions.mockReset().mockResolvedValue('granted');
    scanner.requestPermissions.mockReset().mockResolvedValue('granted');
    scanner.openAppSettings.mockReset().mockResolvedValue(undefined);
  });

  afterEach(() => {
    document.documentElement.classList.remove(SCANNING_CLASS);
  });

  it.each(['linux', 'windows', 'macos'] as const)('offers no scan on a %s computer: the VIN is typed', async (os) => {
    const { user, input, backend } = await setup(deviceKind(os));
    expect(screen.queryByTestId('vin-scan')).not.toBeInTheDocument();
    await user.type(input, 'sjn');
    expect(backend.vin.calls).toEqual([['s'], ['sj'], ['sjn']]);
    expect(scanner.checkPermissions).not.toHaveBeenCalled();
  });

  it('reads a door-pillar Code 39 label into the field and checks it', async () => {
    const { user, input, backend } = await setup();
    const camera = heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    expect(scanner.scan).toHaveBeenCalledWith({
      windowed: true,
      formats: [Format.Code39, Format.Code128, Format.DataMatrix, Format.QRCode],
    });
    expect(scanner.requestPermissions).not.toHaveBeenCalled();

    // The page goes see-through behind its own overlay while the camera runs.
    const overlay = screen.getByTestId('vin-scan-overlay');
    expect(overlay).toHaveTextContent(
      'Point at the VIN barcode on the door pillar or windscreen, or the QR code on the registration document',
    );
    expect(scanningClass()).toBe(true);
    await waitFor(() => expect(screen.getByTestId('vin-scan-cancel')).toHaveFocus());

    await camera.read(`I${VIN.toLowerCase()}`, Format.Code39);
    expect(input.value).toBe(VIN);
    expect(backend.vin.calls).toEqual([[VIN]]);
    await waitFor(() => expect(screen.getByTestId('vin-length')).toHaveTextContent('17 / 17'));
    expect(screen.queryByTestId('vin-scan-overlay')).not.toBeInTheDocument();
    expect(scanningClass()).toBe(false);
    expect(screen.queryByTestId('vin-scan-error')).not.toBeInTheDocument();
  });

  it('pulls the VIN out of a registration document’s QR code', async () => {
    const { user, input } = await setup();
    const camera = heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    await camera.read(`REG:AB12CDE;VIN:${VIN};MAKE:NISSAN`, Format.QRCode);
    expect(input.value).toBe(VIN);
  });

  it('keeps what was typed when the code holds no VIN', async () => {
    const { user, input } = await setup();
    await user.type(input, 'SJN');
    const camera = heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    await camera.read('https://example.com/menu', Format.QRCode);
    expect(input.value).toBe('SJN');
    expect(screen.getByTestId('vin-scan-error')).toHaveAttribute('data-reason', 'not_vin');
    expect(screen.getByTestId('vin-scan-error')).toHaveTextContent('That code holds no VIN');
  });

  it('asks for the camera first, and explains a refusal with the phone’s settings', async () => {
    scanner.checkPermissions.mockResolvedValue('prompt');
    scanner.requestPermissions.mockResolvedValue('denied');
    const { user, input } = await setup();
    await user.type(input, 'SJN');
    await user.click(screen.getByTestId('vin-scan'));
    const error = await screen.findByTestId('vin-scan-error');
    expect(scanner.requestPermissions).toHaveBeenCalledTimes(1);
    expect(scanner.scan).not.toHaveBeenCalled();
    expect(error).toHaveAttribute('data-reason', 'denied');
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent('Keyfob may not use the camera');
    expect(error).toHaveTextContent('Settings › Apps › Keyfob › Permissions › Camera');
    expect(input.value).toBe('SJN');
    expect(screen.queryByTestId('vin-scan-overlay')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('vin-scan-settings'));
    expect(scanner.openAppSettings).toHaveBeenCalledTimes(1);
  });

  it('names the iPhone’s settings on iOS, and asks again after “prompt-with-rationale”', async () => {
    scanner.checkPermissions.mockResolvedValue('prompt-with-rationale');
    scanner.requestPermissions.mockResolvedValue('denied');
    const { user } = await setup(deviceKind('ios'));
    await user.click(screen.getByTestId('vin-scan'));
    expect(await screen.findByTestId('vin-scan-error')).toHaveTextContent('Settings › Keyfob › Camera');
  });

  it('treats the camera refused at scan time as a refusal too', async () => {
    const { user } = await setup();
    const camera = heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    await camera.fail('No permission to use camera. Did you request it yet?');
    expect(screen.getByTestId('vin-scan-error')).toHaveAttribute('data-reason', 'denied');
    expect(scanningClass()).toBe(false);
  });

  it('says so when the camera fails, and scans again', async () => {
    const { user, input } = await setup();
    let camera = heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    await camera.fail('NSCameraUsageDescription is not in the app Info.plist');
    expect(screen.getByTestId('vin-scan-error')).toHaveAttribute('data-reason', 'failed');
    expect(screen.getByTestId('vin-scan-error')).toHaveTextContent('The camera could not scan');
    camera = heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    expect(screen.queryByTestId('vin-scan-error')).not.toBeInTheDocument();
    await camera.read(VIN, Format.Code128);
    expect(input.value).toBe(VIN);
  });

  it('cancels: the camera stops and the field stays as it was, even if a code comes late', async () => {
    const { user, input, backend } = await setup();
    await user.type(input, 'SJN');
    const camera = heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    await user.click(screen.getByTestId('vin-scan-cancel'));
    expect(scanner.cancel).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('vin-scan-overlay')).not.toBeInTheDocument();
    expect(scanningClass()).toBe(false);
    const message = screen.getByTestId('vin-scan-error');
    expect(message).toHaveAttribute('data-reason', 'cancelled');
    expect(message).toHaveTextContent('Scanning stopped; the VIN field is as it was');
    await waitFor(() => expect(screen.getByTestId('vin-scan')).toHaveFocus());

    await camera.read(VIN, Format.Code39);
    expect(input.value).toBe('SJN');
    expect(backend.vin.lastCall).toEqual(['SJN']);
  });

  it('cancels with the rejection the plugin answers cancel() with', async () => {
    const { user } = await setup();
    const camera = heldScan();
    scanner.cancel.mockImplementation(() => camera.fail('cancelled'));
    await user.click(screen.getByTestId('vin-scan'));
    await user.click(screen.getByTestId('vin-scan-cancel'));
    await flushPromises();
    expect(screen.getByTestId('vin-scan-error')).toHaveAttribute('data-reason', 'cancelled');
  });

  it('cancels with Escape and with Android’s back button instead of leaving the screen', async () => {
    const back = vi.spyOn(window.history, 'back').mockImplementation(() => {});
    const { user } = await setup();
    heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    await onBack({ canGoBack: true });
    expect(back).not.toHaveBeenCalled();
    expect(scanner.cancel).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('vin-scan-overlay')).not.toBeInTheDocument();

    // Closed, the back button goes back a screen again.
    await onBack({ canGoBack: true });
    expect(back).toHaveBeenCalledTimes(1);

    heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    await user.keyboard('{Escape}');
    expect(scanner.cancel).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('vin-scan-overlay')).not.toBeInTheDocument();
  });

  it('switches the camera off when the screen goes away mid-scan', async () => {
    const { user, view } = await setup();
    heldScan();
    await user.click(screen.getByTestId('vin-scan'));
    expect(scanningClass()).toBe(true);
    view.unmount();
    expect(scanner.cancel).toHaveBeenCalledTimes(1);
    expect(scanningClass()).toBe(false);
  });
});
