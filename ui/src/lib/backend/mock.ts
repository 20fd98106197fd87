// Test double for `Backend`. Each command answers from a canned value or a function, records its
// calls, and can hold calls open so a test decides when, and in which order, they resolve.
import type {
  AlertSettings,
  AlertUpdate,
  CarControl,
  CommandKind,
  CommandUpdate,
  ConnectionUpdate,
  DevicePosition,
  IdentityProof,
  KeyReason,
  LinkVehicleRequest,
  RegisterRequest,
  StatusUpdate,
  UpdateProfileRequest,
  VerifyLinkOutcome,
  ZoneRequest,
} from '../bindings';
import type { Backend } from './backend';
import {
  appError,
  backendInfo,
  deviceKind,
  nissanconnectNotEnabled,
  passwordReport,
  vinReport,
} from './fixtures';

type Answer<Args extends unknown[], Result> =
  | Result
  | ((...args: Args) => Result | Promise<Result>);

export interface PendingCall<Args extends unknown[], Result> {
  args: Args;
  /** Answers the call: with `value`, or else with what the command is configured to answer. */
  resolve(value?: Result): Promise<void>;
  reject(error: unknown): Promise<void>;
}

/** A canned answer (or a function computing one) for each Backend method a test cares about. */
export type MockAnswers = {
  [K in keyof Backend]?: Backend[K] extends (...args: infer A) => Promise<infer R>
    ? Answer<A, R>
    : never;
};

export interface MockBackendOptions extends MockAnswers {
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

type MethodName = keyof Backend;
type ArgsOf<K extends MethodName> = Parameters<Backend[K]>;
type ResultOf<K extends MethodName> = Awaited<ReturnType<Backend[K]>>;

/**
 * Every Backend method answers from `options[method]`, else from `defaultAnswers`; a method with
 * neither rejects like an unreachable server, so a test sees what the screen does then.
 */
export class MockBackend implements Backend {
  private readonly commands = new Map<MethodName, MockCommand<unknown[], unknown>>();

  constructor(private readonly options: MockBackendOptions = {}) {}

  /** The recorder of one method: its calls, its pending calls, and its answer to change. */
  command<K extends MethodName>(name: K): MockCommand<ArgsOf<K>, ResultOf<K>> {
    let command = this.commands.get(name);
    if (!command) {
      // `in`, not `??`: null and undefined are real answers (signed out, nothing to return).
      const answer = (
        name in this.options
          ? this.options[name]
          : name in defaultAnswers
            ? defaultAnswers[name]
            : unreachable
      ) as Answer<unknown[], unknown>;
      command = new MockCommand(answer, this.options);
      this.commands.set(name, command);
    }
    return command as unknown as MockCommand<ArgsOf<K>, ResultOf<K>>;
  }

  /** Shorthands the older tests use. */
  get vin() {
    return this.command('vinCheck');
  }
  get password() {
    return this.command('passwordCheck');
  }
  get info() {
    return this.command('backendInfo');
  }

  private call<K extends MethodName>(name: K, ...args: ArgsOf<K>): Promise<ResultOf<K>> {
    return this.command(name).invoke(args);
  }

  vinCheck = (input: string) => this.call('vinCheck', input);
  passwordCheck = (password: string, userInputs: string[]) =>
    this.call('passwordCheck', password, [...userInputs]);
  backendInfo = () => this.call('backendInfo');
  useSandbox = () => this.call('useSandbox');
  useServer = (url: string) => this.call('useServer', url);
  usePersonal = () => this.call('usePersonal');
  deviceKind = () => this.call('deviceKind');
  register = (request: RegisterRequest) => this.call('register', request);
  confirmEmail = (input: string) => this.call('confirmEmail', input);
  resendConfirmation = (email: string) => this.call('resendConfirmation', email);
  signIn = (email: string, password: string) => this.call('signIn', email, password);
  signOut = () => this.call('signOut');
  signOutEverywhere = () => this.call('signOutEverywhere');
  forgotPassword = (email: string) => this.call('forgotPassword', email);
  resetPassword = (input: string, newPassword: string) =>
    this.call('resetPassword', input, newPassword);
  currentAccount = () => this.call('currentAccount');
  refreshAccount = () => this.call('refreshAccount');
  updateProfile = (request: UpdateProfileRequest) => this.call('updateProfile', request);
  changePassword = (current: string, next: string) => this.call('changePassword', current, next);
  deleteAccount = (password: string) => this.call('deleteAccount', password);
  takeVerifyLinkOutcome = () => this.call('takeVerifyLinkOutcome');
  sandboxMailbox = (to: string) => this.call('sandboxMailbox', to);
  vehicles = () => this.call('vehicles');
  selectVehicle = (vehicleId: string) => this.call('selectVehicle', vehicleId);
  vehicle = (vehicleId: string) => this.call('vehicle', vehicleId);
  lookupVehicle = (vin: string) => this.call('lookupVehicle', vin);
  linkVehicle = (request: LinkVehicleRequest) => this.call('linkVehicle', request);
  restartActivation = (vehicleId: string) => this.call('restartActivation', vehicleId);
  removeVehicle = (vehicleId: string, password: string) =>
    this.call('removeVehicle', vehicleId, password);
  reportStolen = (vehicleId: string, password: string) =>
    this.call('reportStolen', vehicleId, password);
  withdrawStolenReport = (vehicleId: string, password: string) =>
    this.call('withdrawStolenReport', vehicleId, password);
  mapPrivacy = () => this.call('mapPrivacy');
  setMapTiles = (allowed: boolean) => this.call('setMapTiles', allowed);
  vehicleStatus = (vehicleId: string) => this.call('vehicleStatus', vehicleId);
  refreshStatus = (vehicleId: string) => this.call('refreshStatus', vehicleId);
  sendCommand = (vehicleId: string, kind: CommandKind, attemptKey: string) =>
    this.call('sendCommand', vehicleId, kind, attemptKey);
  vehicleCommands = (vehicleId: string) => this.call('vehicleCommands', vehicleId);
  identityState = () => this.call('identityState');
  confirmIdentity = (proof: IdentityProof) => this.call('confirmIdentity', proof);
  setAppPin = (password: string, pin: string) => this.call('setAppPin', password, pin);
  removeAppPin = () => this.call('removeAppPin');
  diagnostics = (vehicleId: string) => this.call('diagnostics', vehicleId);
  findCar = (vehicleId: string, device: DevicePosition | null) =>
    this.call('findCar', vehicleId, device);
  purchasePremium = (vehicleId: string, years: number) =>
    this.call('purchasePremium', vehicleId, years);
  subscriptionPlans = () => this.call('subscriptionPlans');
  geofences = (vehicleId: string) => this.call('geofences', vehicleId);
  zoneCheck = (zone: ZoneRequest) => this.call('zoneCheck', zone);
  alertSettingsCheck = (settings: AlertSettings) => this.call('alertSettingsCheck', settings);
  saveZone = (vehicleId: string, zoneId: string | null, zone: ZoneRequest) =>
    this.call('saveZone', vehicleId, zoneId, zone);
  deleteZone = (vehicleId: string, zoneId: string) => this.call('deleteZone', vehicleId, zoneId);
  saveAlertSettings = (vehicleId: string, settings: AlertSettings) =>
    this.call('saveAlertSettings', vehicleId, settings);
  alertHistory = (vehicleId: string, before: number | null) =>
    this.call('alertHistory', vehicleId, before);
  nissanconnect = () => this.call('nissanconnect');
  connectNissanconnect = (email: string, password: string) =>
    this.call('connectNissanconnect', email, password);
  disconnectNissanconnect = () => this.call('disconnectNissanconnect');
  linkNissanCar = (vin: string) => this.call('linkNissanCar', vin);
  drivers = (vehicleId: string) => this.call('drivers', vehicleId);
  inviteDriver = (vehicleId: string, email: string) => this.call('inviteDriver', vehicleId, email);
  removeDriver = (vehicleId: string, accountId: string) =>
    this.call('removeDriver', vehicleId, accountId);
  cancelInvitation = (vehicleId: string, invitationId: string) =>
    this.call('cancelInvitation', vehicleId, invitationId);
  leaveVehicle = (vehicleId: string) => this.call('leaveVehicle', vehicleId);
  invitations = () => this.call('invitations');
  acceptInvitation = (invitationId: string) => this.call('acceptInvitation', invitationId);
  declineInvitation = (invitationId: string) => this.call('declineInvitation', invitationId);
  openHeadUnit = (vin: string) => this.call('openHeadUnit', vin);
  headUnit = (vin: string) => this.call('headUnit', vin);
  headUnitConfirm = (vin: string) => this.call('headUnitConfirm', vin);
  sandboxCar = (vin: string) => this.call('sandboxCar', vin);
  controlSandboxCar = (vin: string, control: CarControl) =>
    this.call('controlSandboxCar', vin, control);
  headUnitEnterKey = (vin: string, typed: string) => this.call('headUnitEnterKey', vin, typed);
  headUnitEnterCode = (vin: string, typed: string) => this.call('headUnitEnterCode', vin, typed);
  dealerUnlockHeadUnit = (vin: string) => this.call('dealerUnlockHeadUnit', vin);
  generateAuthKey = (vehicleId: string, reason: KeyReason) =>
    this.call('generateAuthKey', vehicleId, reason);
  authKeys = (vehicleId: string) => this.call('authKeys', vehicleId);

  /** Handlers registered with `onVerifyLink`; `emitVerifyLink` calls them as Rust would. */
  readonly verifyLinkHandlers = new Set<(outcome: VerifyLinkOutcome) => void>();

  onVerifyLink = (handler: (outcome: VerifyLinkOutcome) => void) => {
    this.verifyLinkHandlers.add(handler);
    return Promise.resolve(() => {
      this.verifyLinkHandlers.delete(handler);
    });
  };

  emitVerifyLink(outcome: VerifyLinkOutcome): void {
    for (const handler of this.verifyLinkHandlers) handler(outcome);
  }

  /** Handlers registered with `onVehicleStatus`; `emitVehicleStatus` pushes an update. */
  readonly vehicleStatusHandlers = new Set<(update: StatusUpdate) => void>();

  onVehicleStatus = (handler: (update: StatusUpdate) => void) => {
    this.vehicleStatusHandlers.add(handler);
    return Promise.resolve(() => {
      this.vehicleStatusHandlers.delete(handler);
    });
  };

  emitVehicleStatus(update: StatusUpdate): void {
    for (const handler of this.vehicleStatusHandlers) handler(update);
  }

  /** `emitVehicleCommand` and `emitConnection` push those events as Rust would. */
  readonly vehicleCommandEvents = new EventHub<CommandUpdate>();
  readonly connectionEvents = new EventHub<ConnectionUpdate>();
  onVehicleCommand = this.vehicleCommandEvents.listen;
  onConnection = this.connectionEvents.listen;
  readonly vehicleAlertEvents = new EventHub<AlertUpdate>();
  onVehicleAlert = this.vehicleAlertEvents.listen;

  emitVehicleAlert(update: AlertUpdate): void {
    this.vehicleAlertEvents.emit(update);
  }

  emitVehicleCommand(update: CommandUpdate): void {
    this.vehicleCommandEvents.emit(update);
  }

  emitConnection(update: ConnectionUpdate): void {
    this.connectionEvents.emit(update);
  }
}

/** Handlers for one pushed event, as Rust's `listen` would hold them. */
class EventHub<T> {
  readonly handlers = new Set<(payload: T) => void>();

  listen = (handler: (payload: T) => void) => {
    this.handlers.add(handler);
    return Promise.resolve(() => {
      this.handlers.delete(handler);
    });
  };

  emit(payload: T): void {
    for (const handler of this.handlers) handler(payload);
  }
}

/** What an unset method answers: the error the app shows when the server cannot be reached. */
function unreachable(): Promise<never> {
  return Promise.reject(appError('unreachable', 'Failed to connect to the server.'));
}

/** Answers that make a signed-out, vehicle-less sandbox app, so a screen test sets only its own. */
const defaultAnswers: MockAnswers = {
  vinCheck: (input: string) => vinReport(input),
  passwordCheck: (password: string) => passwordReport(password),
  backendInfo: backendInfo(),
  // A computer unless a test says phone (`deviceKind: deviceKind('android')`).
  deviceKind: deviceKind(),
  currentAccount: null,
  takeVerifyLinkOutcome: null,
  signOut: undefined,
  selectVehicle: undefined,
  openHeadUnit: undefined,
  sandboxMailbox: [],
  vehicles: { vehicles: [], selectedId: null, offline: null, savedAt: null },
  invitations: [],
  vehicleCommands: [],
  identityState: { pinSet: false, confirmedForSeconds: null },
  setAppPin: { pinSet: true, confirmedForSeconds: null },
  removeAppPin: { pinSet: false, confirmedForSeconds: null },
  // A fresh install: nobody chose yet, so the map asks before it loads tiles.
  mapPrivacy: { tilesAllowed: null },
  setMapTiles: (allowed: boolean) => ({ tilesAllowed: allowed }),
  zoneCheck: null,
  alertSettingsCheck: null,
  deleteZone: undefined,
  authKeys: [],
  // The sandbox reaches its simulated cars itself, not through NissanConnect.
  nissanconnect: () => Promise.reject(nissanconnectNotEnabled()),
};

/** Lets every already-settled promise run its continuations (and Svelte flush its effects). */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
