import { screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type TauriWindow = Window & { __TAURI_INTERNALS__?: unknown };

describe('main', () => {
  beforeEach(() => {
    vi.resetModules();
    document.body.innerHTML = '<div id="app"></div>';
  });

  afterEach(() => {
    delete (window as TauriWindow).__TAURI_INTERNALS__;
    document.body.innerHTML = '';
  });

  it('explains itself when opened outside the Keyfob app', async () => {
    await import('./main');
    expect(screen.getByTestId('outside-tauri')).toHaveTextContent('only works inside the Keyfob app');
    expect(screen.queryByTestId('screen-welcome')).not.toBeInTheDocument();
  });

  it('starts the app inside Tauri', async () => {
    (window as TauriWindow).__TAURI_INTERNALS__ = {};
    await import('./main');
    // The app first reads the backend choice and the saved session from Rust.
    expect(screen.getByTestId('app-loading')).toBeInTheDocument();
    expect(screen.queryByTestId('outside-tauri')).not.toBeInTheDocument();
  });
});
