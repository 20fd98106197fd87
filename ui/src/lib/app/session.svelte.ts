import { getContext, setContext } from 'svelte';
import type { Account, BackendInfo } from '../bindings';
import type { Backend } from '../backend';

const KEY = Symbol('keyfob.session');

/**
 * What every screen may need to know about the person and the backend: who is signed in (as
 * saved on this device) and whether the app runs on the sandbox. Created once by the App.
 */
export class Session {
  account: Account | null = $state(null);
  info: BackendInfo | null = $state(null);
  /** False until the first `load()` has answered, so screens do not flash "signed out". */
  loaded = $state(false);

  constructor(private readonly backend: Backend) {}

  get signedIn(): boolean {
    return this.account !== null;
  }

  get isSandbox(): boolean {
    return this.info?.mode === 'sandbox';
  }

  /** One owner's own car through NissanConnect, with no Keyfob account to manage. */
  get isPersonal(): boolean {
    return this.info?.mode === 'personal';
  }

  /** Reads the backend choice and the saved session (no network). */
  async load(): Promise<void> {
    const [info, account] = await Promise.all([
      this.backend.backendInfo(),
      this.backend.currentAccount(),
    ]);
    this.info = info;
    this.account = account;
    this.loaded = true;
  }

  signedInAs(account: Account): void {
    this.account = account;
  }

  signedOut(): void {
    this.account = null;
  }

  backendChanged(info: BackendInfo): void {
    this.info = info;
    // Changing the backend signs out (the Rust side has already forgotten the session).
    this.account = null;
  }
}

export function setSession(session: Session): Session {
  return setContext(KEY, session);
}

export function getSession(): Session {
  const session = getContext<Session | undefined>(KEY);
  if (!session) throw new Error('No session in context: the App creates it with setSession().');
  return session;
}

/** The context map for `render` in tests: a backend and a session over it. */
export function sessionContext(session: Session): Map<symbol, Session> {
  return new Map([[KEY, session]]);
}
