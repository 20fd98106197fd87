import type { BackendInfo, PasswordReport, VinReport } from '../bindings';

/** What the UI asks of the Rust side. Components reach it through `getBackend()`. */
export interface Backend {
  vinCheck(input: string): Promise<VinReport>;
  passwordCheck(password: string, userInputs: string[]): Promise<PasswordReport>;
  backendInfo(): Promise<BackendInfo>;
}
