// Shared set-up for the account, mailbox, start and App tests.
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import type { Account, BackendInfo } from '../bindings';
import { backendContext } from '../backend';
import { backendInfo } from '../backend/fixtures';
import { MockBackend, type MockBackendOptions } from '../backend/mock';
import { Session, sessionContext } from './session.svelte';

/** A MockBackend for screen tests: a signed-out sandbox app unless `options` say otherwise. */
export function mockBackend(options: MockBackendOptions = {}): MockBackend {
  return new MockBackend(options);
}

export interface SessionSetup {
  account?: Account | null;
  info?: Partial<BackendInfo>;
}

/** A loaded session over `backend`, as the App would have it. */
export function loadedSession(backend: MockBackend, setup: SessionSetup = {}): Session {
  const session = new Session(backend);
  session.info = { ...backendInfo(), ...setup.info } as BackendInfo;
  session.account = setup.account ?? null;
  session.loaded = true;
  return session;
}

/** The render context for a screen: the backend and the session. */
export function screenContext(backend: MockBackend, session: Session): Map<symbol, unknown> {
  return new Map<symbol, unknown>([...backendContext(backend), ...sessionContext(session)]);
}

export const SERVER_INFO: Partial<BackendInfo> = {
  mode: 'server',
  baseUrl: 'https://keyfob.example.com',
} as Partial<BackendInfo>;

/** Personal mode: the app's own server for one owner, cars through NissanConnect. */
export const PERSONAL_INFO: Partial<BackendInfo> = {
  mode: 'personal',
  baseUrl: 'http://127.0.0.1:49153',
} as Partial<BackendInfo>;

/** userEvent that also works under `vi.useFakeTimers()` (its small waits follow the fake clock). */
export function setupUser() {
  return userEvent.setup({
    advanceTimers: (ms) => {
      if (vi.isFakeTimers()) vi.advanceTimersByTime(ms);
    },
  });
}
