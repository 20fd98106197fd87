import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * The date every test runs on unless it sets its own: no test may depend on the day it runs.
 * Only `Date` is faked here; a test that needs timers too calls `vi.useFakeTimers`.
 */
export const TEST_NOW = new Date('2026-11-23T10:00:00Z');

beforeEach(() => {
  vi.setSystemTime(TEST_NOW);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  window.location.hash = '';
});
