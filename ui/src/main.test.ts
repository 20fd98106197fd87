import { screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type TauriWindow = Window & { __TAURI_INTERNALS__?: unknown };

// The first import of `main` transforms the whole app's module graph (cold, a few seconds on a
// busy 2-core machine), so these two get more than Vitest's default 5 s.
const IMPORTS_THE_WHOLE_APP = 30_000;

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
  }, IMPORTS_THE_WHOLE_APP);

  it('starts the app inside Tauri', async () => {
    (window as TauriWindow).__TAURI_INTERNALS__ = {};
    await import('./main');
    // The app first reads the backend choice and the saved session from Rust.
    expect(screen.getByTestId('app-loading')).toBeInTheDocument();
    expect(screen.queryByTestId('outside-tauri')).not.toBeInTheDocument();
  }, IMPORTS_THE_WHOLE_APP);
});
