// Test double for `Backend`. Each command answers from a canned value or a function, records its
// calls, and can hold calls open so a test decides when, and in which order, they resolve.
import type { BackendInfo, PasswordReport, VinReport } from '../bindings';
import type { Backend } from './backend';
import { backendInfo, passwordReport, vinReport } from './fixtures';

type Answer<Args extends unknown[], Result> =
  | Result
  | ((...args: Args) => Result | Promise<Result>);

export interface PendingCall<Args extends unknown[], Result> {
  args: Args;
  /** Answers the call: with `value`, or else with what the command is configured to answer. */
  resolve(value?: Result): Promise<void>;
  reject(error: unknown): Promise<void>;
}

export interface MockBackendOptions {
  vinCheck?: Answer<[string], VinReport>;
  passwordCheck?: Answer<[string, string[]], PasswordReport>;
  backendInfo?: Answer<[], BackendInfo>;
  /** Milliseconds before each answer arrives (real timers or fake ones). */
  delayMs?: number;
  /** Keep every call open until the test resolves it through `pending`. */
  manual?: boolean;
}

class MockCommand<Args extends unknown[], Result> {
  readonly calls: Args[] = [];
  readonly pending: PendingCall<Args, Result>[] = [];

  constructor(
    public answer: Answer<Args, Result>,
    private readonly options: MockBackendOptions,
  ) {}

  get lastCall(): Args | undefined {
    return this.calls[this.calls.length - 1];
  }

  invoke(args: Args): Promise<Result> {
    this.calls.push(args);
    if (!this.options.manual) {
      return this.delay().then(() => this.compute(args));
    }
    return new Promise<Result>((resolve, reject) => {
      const call: PendingCall<Args, Result> = {
        args,
        resolve: async (value) => {
          this.settle(call);
          resolve(value === undefined ? await this.compute(args) : value);
          await flushPromises();
        },
        reject: async (error) => {
          this.settle(call);
          reject(error);
          await flushPromises();
        },
      };
      this.pending.push(call);
    });
  }

  private settle(call: PendingCall<Args, Result>): void {
    const index = this.pending.indexOf(call);
    if (index >= 0) this.pending.splice(index, 1);
  }

  private async compute(args: Args): Promise<Result> {
    const answer = this.answer;
    if (typeof answer === 'function') {
      return (answer as (...a: Args) => Result | Promise<Result>)(...args);
    }
    return structuredClone(answer);
  }

  private delay(): Promise<void> {
    const ms = this.options.delayMs ?? 0;
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }
}

export class MockBackend implements Backend {
  readonly vin: MockCommand<[string], VinReport>;
  readonly password: MockCommand<[string, string[]], PasswordReport>;
  readonly info: MockCommand<[], BackendInfo>;

  constructor(options: MockBackendOptions = {}) {
    this.vin = new MockCommand(options.vinCheck ?? ((input: string) => vinReport(input)), options);
    this.password = new MockCommand(
      options.passwordCheck ?? ((password: string) => passwordReport(password)),
      options,
    );
    this.info = new MockCommand(options.backendInfo ?? backendInfo(), options);
  }

  vinCheck(input: string): Promise<VinReport> {
    return this.vin.invoke([input]);
  }

  passwordCheck(password: string, userInputs: string[]): Promise<PasswordReport> {
    return this.password.invoke([password, [...userInputs]]);
  }

  backendInfo(): Promise<BackendInfo> {
    return this.info.invoke([]);
  }
}

/** Lets every already-settled promise run its continuations (and Svelte flush its effects). */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
