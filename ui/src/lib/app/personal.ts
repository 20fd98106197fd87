// Personal mode: the app runs its own server for one owner and signs in to it by itself.
import type { Backend } from '../backend';
import type { Session } from './session.svelte';

/** How a password prompt names the password that proves it is the owner. */
export const NISSAN_PASSWORD = 'NissanConnect password';

/**
 * Chooses personal mode (or, already in it, signs in again) and takes the account it signed in
 * to, so the session never passes through "signed out" on the way.
 */
export async function enterPersonalMode(backend: Backend, session: Session): Promise<void> {
  const info = await backend.usePersonal();
  const account = await backend.currentAccount();
  session.backendChanged(info);
  if (account) session.signedInAs(account);
}
