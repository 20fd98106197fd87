import type {
  Account,
  AlertItem,
  AlertSettings,
  AlertUpdate,
  AppError,
  AuthKeyItem,
  BackendInfo,
  CarControl,
  CarLocation,
  CommandKind,
  CommandUpdate,
  CommandView,
  ConnectionUpdate,
  DeviceKind,
  DevicePosition,
  Diagnostics,
  Geofences,
  IdentityProof,
  IdentityState,
  NissanConnection,
  SubscriptionPlan,
  Done,
  Drivers,
  HeadUnitAnswer,
  HeadUnitScreen,
  Invitation,
  KeyReason,
  LinkVehicleRequest,
  MapPrivacy,
  NewKey,
  OutboxMessage,
  PasswordReport,
  RegisterRequest,
  SentInvitation,
  SimulatedCar,
  StatusUpdate,
  StatusView,
  UpdateProfileRequest,
  Vehicle,
  VehicleList,
  VehicleLookup,
  VerifyLinkOutcome,
  VinReport,
  ZoneRequest,
  ZoneView,
} from '../bindings';

/**
 * What the UI asks of the Rust side. Components reach it through `getBackend()`.
 *
 * Every method that talks to a server rejects with an `AppError` (`{code, message, field,
 * retryAfterSeconds}`), never with a bare string: `isAppError` tells it apart from a bug.
 */
export interface Backend {
  vinCheck(input: string): Promise<VinReport>;
  passwordCheck(password: string, userInputs: string[]): Promise<PasswordReport>;

  // Which backend: chosen on first start, changed in Settings (changing it signs out).
  backendInfo(): Promise<BackendInfo>;
  useSandbox(): Promise<BackendInfo>;
  useServer(url: string): Promise<BackendInfo>;
  /**
   * Personal mode: the app runs its own server for one owner whose car is reached through
   * NissanConnect, and signs in to its local account by itself (nothing to register or
   * confirm). Called again in personal mode, it signs in again.
   */
  usePersonal(): Promise<BackendInfo>;

  /**
   * What the app runs on: a phone (Android, iOS) or a computer, and which OS. Never fails. On a
   * phone the location service and the barcode scanner come from Tauri plugins, and the car's
   * head unit is a screen in the app rather than a second window.
   */
  deviceKind(): Promise<DeviceKind>;

  // Account.
  register(request: RegisterRequest): Promise<Done>;
  /** `input` is the code from the email or the whole `keyfob://verify?token=…` link. */
  confirmEmail(input: string): Promise<Done>;
  resendConfirmation(email: string): Promise<Done>;
  signIn(email: string, password: string): Promise<Account>;
  /** Ends the session on this device, even when the server cannot be reached. */
  signOut(): Promise<void>;
  signOutEverywhere(): Promise<Done>;
  forgotPassword(email: string): Promise<Done>;
  /** `input` is the code from the email or the whole `keyfob://reset-password?token=…` link. */
  resetPassword(input: string, newPassword: string): Promise<Done>;
  /** The signed-in account as last saved on this device (no network); null when signed out. */
  currentAccount(): Promise<Account | null>;
  /** The account as the server has it now. */
  refreshAccount(): Promise<Account>;
  updateProfile(request: UpdateProfileRequest): Promise<Account>;
  changePassword(currentPassword: string, newPassword: string): Promise<Done>;
  deleteAccount(password: string): Promise<Done>;
  /** A `keyfob://verify` link opened while the app was closed, handled at start; null if none. */
  takeVerifyLinkOutcome(): Promise<VerifyLinkOutcome | null>;
  /** Called when a `keyfob://verify` link reaches the running app. Returns the unsubscribe. */
  onVerifyLink(handler: (outcome: VerifyLinkOutcome) => void): Promise<() => void>;

  // Sandbox mailbox: what the sandbox "sent" to an address or phone number, newest first.
  sandboxMailbox(to: string): Promise<OutboxMessage[]>;

  // Vehicles.
  /** The list from the server; when it cannot be reached, the saved list with `offline` set. */
  vehicles(): Promise<VehicleList>;
  selectVehicle(vehicleId: string): Promise<void>;
  vehicle(vehicleId: string): Promise<Vehicle>;
  lookupVehicle(vin: string): Promise<VehicleLookup>;
  linkVehicle(request: LinkVehicleRequest): Promise<Vehicle>;
  restartActivation(vehicleId: string): Promise<Vehicle>;
  removeVehicle(vehicleId: string, password: string): Promise<Done>;
  /**
   * Reports the owned car stolen (the password again): the server refuses every remote command
   * and revokes its unused keys until `withdrawStolenReport`. Answers the car as it is now.
   */
  reportStolen(vehicleId: string, password: string): Promise<Vehicle>;
  withdrawStolenReport(vehicleId: string, password: string): Promise<Vehicle>;

  // What the app tells third parties: map tiles from OpenStreetMap reveal the area shown.
  /** `tilesAllowed` is null until the person chose. */
  mapPrivacy(): Promise<MapPrivacy>;
  setMapTiles(allowed: boolean): Promise<MapPrivacy>;

  // The car's status.
  /** The last status from the server; when it cannot be reached, the saved one with `offline`. */
  vehicleStatus(vehicleId: string): Promise<StatusView>;
  /** Asks the car for a fresh report (it wakes the car); the report comes by `onVehicleStatus`. */
  refreshStatus(vehicleId: string): Promise<Done>;
  /** Each status a car reports, pushed as it arrives. Returns the unsubscribe. */
  onVehicleStatus(handler: (update: StatusUpdate) => void): Promise<() => void>;

  /** Whether the live stream is connected, pushed on each change. Returns the unsubscribe. */
  onConnection(handler: (update: ConnectionUpdate) => void): Promise<() => void>;

  // Remote commands.
  /**
   * Sends a command. `attemptKey` is fresh for each attempt and reused when the person retries
   * that attempt, so the car never gets it twice. Unlock and engine start reject with
   * `identity_required` until `confirmIdentity` succeeded in the last five minutes.
   */
  sendCommand(vehicleId: string, kind: CommandKind, attemptKey: string): Promise<CommandView>;
  /** The car's recent commands, newest first. */
  vehicleCommands(vehicleId: string): Promise<CommandView[]>;
  /** Each change of a command's state, pushed as it happens. Returns the unsubscribe. */
  onVehicleCommand(handler: (update: CommandUpdate) => void): Promise<() => void>;

  // Confirming it is you (password or app PIN), and the PIN itself.
  identityState(): Promise<IdentityState>;
  confirmIdentity(proof: IdentityProof): Promise<IdentityState>;
  /** The PIN is kept by the server for the account, so it works on every device. */
  setAppPin(password: string, pin: string): Promise<IdentityState>;
  removeAppPin(): Promise<IdentityState>;

  // Diagnostics, finding the car, subscriptions.
  diagnostics(vehicleId: string): Promise<Diagnostics>;
  /** Where the car is and, given the device's own position, how far and which way. */
  findCar(vehicleId: string, device: DevicePosition | null): Promise<CarLocation>;
  purchasePremium(vehicleId: string, years: number): Promise<Vehicle>;
  subscriptionPlans(): Promise<SubscriptionPlan[]>;

  // Geofences, curfew, speed alert and alerts (owner only).
  /** The car's zones, curfew, speed alert and email choice, with the editor's limits. */
  geofences(vehicleId: string): Promise<Geofences>;
  /** keyfob-core's check of a zone being drawn: its first problem with its field, or null. */
  zoneCheck(zone: ZoneRequest): Promise<AppError | null>;
  /** keyfob-core's check of a curfew or speed alert being set, or null. */
  alertSettingsCheck(settings: AlertSettings): Promise<AppError | null>;
  /** Adds a zone (`zoneId` null) or changes one. */
  saveZone(vehicleId: string, zoneId: string | null, zone: ZoneRequest): Promise<ZoneView>;
  deleteZone(vehicleId: string, zoneId: string): Promise<void>;
  saveAlertSettings(vehicleId: string, settings: AlertSettings): Promise<AlertSettings>;
  /** Alerts newest first, 20 at a time; `before` is the `seq` of the last one shown. */
  alertHistory(vehicleId: string, before: number | null): Promise<AlertItem[]>;
  /** Each zone, curfew or speed alert of the owner's cars, pushed as it happens. */
  onVehicleAlert(handler: (update: AlertUpdate) => void): Promise<() => void>;

  // Real cars through Nissan's NissanConnect service.
  /**
   * The NissanConnect account this Keyfob account is connected to. Rejects with
   * `nissanconnect_not_enabled` where the backend reaches cars some other way (the sandbox).
   */
  nissanconnect(): Promise<NissanConnection>;
  /**
   * Signs in to NissanConnect; only the tokens are kept. Rejects with `nissanconnect_credentials`
   * (field `password`), `nissanconnect_locked`, `nissanconnect_incomplete`,
   * `nissanconnect_unavailable`, `email_invalid` (field `email`) or `too_many_attempts`.
   */
  connectNissanconnect(email: string, password: string): Promise<NissanConnection>;
  disconnectNissanconnect(): Promise<Done>;
  /**
   * Links one car of the connected account, active at once. Rejects with
   * `vehicle_already_yours`, `vehicle_already_linked`, `nissanconnect_car_not_in_account`,
   * `nissanconnect_reconnect`, `nissanconnect_unavailable` or `market_mismatch`.
   */
  linkNissanCar(vin: string): Promise<Vehicle>;

  // Drivers and invitations.
  drivers(vehicleId: string): Promise<Drivers>;
  inviteDriver(vehicleId: string, email: string): Promise<SentInvitation>;
  removeDriver(vehicleId: string, accountId: string): Promise<Done>;
  cancelInvitation(vehicleId: string, invitationId: string): Promise<Done>;
  leaveVehicle(vehicleId: string): Promise<Done>;
  invitations(): Promise<Invitation[]>;
  acceptInvitation(invitationId: string): Promise<Vehicle>;
  declineInvitation(invitationId: string): Promise<Done>;

  // The car's head unit (sandbox only): a second window standing for the car's screen.
  openHeadUnit(vin: string): Promise<void>;
  headUnit(vin: string): Promise<HeadUnitScreen>;
  headUnitConfirm(vin: string): Promise<HeadUnitScreen>;
  /** The simulated car behind the head unit, and changing it as a person at it would. */
  sandboxCar(vin: string): Promise<SimulatedCar>;
  controlSandboxCar(vin: string, control: CarControl): Promise<SimulatedCar>;
  /** Types an authentication key at the head unit's "Enter authentication key" prompt. */
  headUnitEnterKey(vin: string, typed: string): Promise<HeadUnitAnswer>;
  /** Types the SMS code the head unit asks for after a key (firmware 3.0+); `no_code_pending`. */
  headUnitEnterCode(vin: string, typed: string): Promise<HeadUnitAnswer>;
  /** The Nissan service tool that unlocks a head unit locked by three wrong keys. */
  dealerUnlockHeadUnit(vin: string): Promise<Done>;

  // Head-unit authentication keys (owner only).
  /**
   * A one-time key, valid 24 hours, for the head unit's "Enter authentication key" prompt.
   * Rejects with `phone_required`, `auth_key_limit`, `auth_key_daily_limit`,
   * `vehicle_not_active` or `owner_only`.
   */
  generateAuthKey(vehicleId: string, reason: KeyReason): Promise<NewKey>;
  /** The car's keys, newest first; live ones this device still keeps come with their text. */
  authKeys(vehicleId: string): Promise<AuthKeyItem[]>;
}

/** True for the `{code, message}` errors the Rust side rejects with. */
export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).code === 'string' &&
    typeof (value as AppError).message === 'string'
  );
}

/** The message to show for any rejection: the app's own words, or a generic fallback for bugs. */
export function errorMessage(error: unknown): string {
  if (isAppError(error)) return error.message;
  return 'Something went wrong inside Keyfob. Try again; if it keeps happening, restart the app.';
}
