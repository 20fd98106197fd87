import { commands } from '../bindings';
import type { Backend } from './backend';

/** The real backend: Tauri IPC through the generated bindings. */
export const tauriBackend: Backend = {
  vinCheck: (input) => commands.vinCheck(input),
  passwordCheck: (password, userInputs) => commands.passwordCheck(password, userInputs),
  backendInfo: () => commands.backendInfo(),
};
