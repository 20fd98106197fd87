// Android's back button (and back gesture): one screen back in the app's own navigation, and on
// the first screen the app closes, as Android apps do. Something on top of the screen (the VIN
// scanner's camera) can take the press instead, to close itself.
import { exit, onBackButtonPress, type OnBackButtonPressPayload } from '@tauri-apps/api/app';
import type { DeviceKind } from '../bindings';

/** What the module needs from Tauri and the page, so a test can hand in its own. */
export interface BackButtonDeps {
  onBackButtonPress: (handler: (payload: OnBackButtonPressPayload) => void) => Promise<{ unregister(): Promise<void> }>;
  exit: (code?: number) => Promise<void>;
  history: Pick<History, 'back'>;
}

const tauri: BackButtonDeps = {
  onBackButtonPress,
  exit,
  get history() {
    return window.history;
  },
};

/** Handlers that take the press before the navigation does, newest first. */
const takers: (() => void)[] = [];

/**
 * While the returned function has not been called, a back press calls `handler` instead of going
 * back a screen: for something open on top of the screen that the press should close.
 */
export function takeBackPress(handler: () => void): () => void {
  const entry = () => handler();
  takers.push(entry);
  return () => {
    const index = takers.lastIndexOf(entry);
    if (index >= 0) takers.splice(index, 1);
  };
}

/**
 * What one press does: the newest taker, else one screen back, else close the app. Rejects only
 * when the app could not be closed.
 */
export async function onBack({ canGoBack }: OnBackButtonPressPayload, deps: BackButtonDeps = tauri): Promise<void> {
  const taker = takers[takers.length - 1];
  if (taker) {
    taker();
  } else if (canGoBack) {
    // The screens live in the address's hash, so the web view's history is the app's navigation.
    deps.history.back();
  } else {
    await deps.exit(0);
  }
}

/**
 * Follows the back button on Android (elsewhere Tauri never reports it). Returns the function
 * that stops following it; without a listener Tauri's own behaviour applies, which is the same
 * minus the takers.
 */
export function followBackButton(kind: Promise<DeviceKind>, deps: BackButtonDeps = tauri): () => void {
  let stopped = false;
  let unregister: (() => Promise<void>) | null = null;
  void kind
    .then(async ({ os }) => {
      if (os !== 'android' || stopped) return;
      const listener = await deps.onBackButtonPress((payload) => {
        onBack(payload, deps).catch(() => {
          // Not allowed to close the app: give Back to Android again, whose next press does.
          stop();
        });
      });
      if (stopped) await listener.unregister();
      else unregister = () => listener.unregister();
    })
    .catch(() => {
      // The listener could not be registered: Android's default (the web view's history, then
      // closing the app) still applies.
    });
  function stop() {
    stopped = true;
    void unregister?.().catch(() => {});
    unregister = null;
  }
  return stop;
}
