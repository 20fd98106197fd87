import { listen } from '@tauri-apps/api/event';
import {
  commands,
  type AlertUpdate,
  type CommandUpdate,
  type ConnectionUpdate,
  type StatusUpdate,
  type VerifyLinkOutcome,
} from '../bindings';
import type { Backend } from './backend';

type Outcome<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

/** Turns the generated `{status, data | error}` result into a value or a rejected `AppError`. */
async function unwrap<T, E>(call: Promise<Outcome<T, E>>): Promise<T> {
  const result = await call;
  if (result.status === 'error') throw result.error;
  return result.data;
}

/** The event Rust emits when a `keyfob://verify` link reaches the running app. */
export const VERIFY_LINK_EVENT = 'verify-link';

/** The event Rust emits with each status a car reports. */
export const VEHICLE_STATUS_EVENT = 'vehicle-status';

/** The event Rust emits with each change of a command's state. */
export const VEHICLE_COMMAND_EVENT = 'vehicle-command';

/** The event Rust emits with each zone, curfew or speed alert of the owner's cars. */
export const VEHICLE_ALERT_EVENT = 'vehicle-alert';

/** The event Rust emits when the live stream connects or loses its connection. */
export const CONNECTION_EVENT = 'live-connection';

/** The real backend: Tauri IPC through the generated bindings. */
export const tauriBackend: Backend = {
  vinCheck: (input) => commands.vinCheck(input),
  passwordCheck: (password, userInputs) => commands.passwordCheck(password, userInputs),
  backendInfo: () => commands.backendInfo(),
  useSandbox: () => unwrap(commands.useSandbox()),
  useServer: (url) => unwrap(commands.useServer(url)),
  usePersonal: () => unwrap(commands.usePersonal()),
  deviceKind: () => commands.deviceKind(),

  register: (request) => unwrap(commands.register(request)),
  confirmEmail: (input) => unwrap(commands.confirmEmail(input)),
  resendConfirmation: (email) => unwrap(commands.resendConfirmation(email)),
  signIn: (email, password) => unwrap(commands.signIn(email, password)),
  signOut: async () => {
    await unwrap(commands.signOut());
  },
  signOutEverywhere: () => unwrap(commands.signOutEverywhere()),
  forgotPassword: (email) => unwrap(commands.forgotPassword(email)),
  resetPassword: (input, newPassword) => unwrap(commands.resetPassword(input, newPassword)),
  currentAccount: () => commands.currentAccount(),
  refreshAccount: () => unwrap(commands.refreshAccount()),
  updateProfile: (request) => unwrap(commands.updateProfile(request)),
  changePassword: (current, next) => unwrap(commands.changePassword(current, next)),
  deleteAccount: (password) => unwrap(commands.deleteAccount(password)),
  takeVerifyLinkOutcome: () => commands.takeVerifyLinkOutcome(),
  onVerifyLink: (handler) =>
    listen<VerifyLinkOutcome>(VERIFY_LINK_EVENT, (event) => handler(event.payload)),

  sandboxMailbox: (to) => unwrap(commands.sandboxMailbox(to)),

  vehicles: () => unwrap(commands.vehicles()),
  selectVehicle: async (vehicleId) => {
    await unwrap(commands.selectVehicle(vehicleId));
  },
  vehicle: (vehicleId) => unwrap(commands.vehicle(vehicleId)),
  lookupVehicle: (vin) => unwrap(commands.lookupVehicle(vin)),
  linkVehicle: (request) => unwrap(commands.linkVehicle(request)),
  restartActivation: (vehicleId) => unwrap(commands.restartActivation(vehicleId)),
  removeVehicle: (vehicleId, password) => unwrap(commands.removeVehicle(vehicleId, password)),
  reportStolen: (vehicleId, password) => unwrap(commands.reportStolen(vehicleId, password)),
  withdrawStolenReport: (vehicleId, password) =>
    unwrap(commands.withdrawStolenReport(vehicleId, password)),
  mapPrivacy: () => commands.mapPrivacy(),
  setMapTiles: (allowed) => commands.setMapTiles(allowed),

  vehicleStatus: (vehicleId) => unwrap(commands.vehicleStatus(vehicleId)),
  refreshStatus: (vehicleId) => unwrap(commands.refreshStatus(vehicleId)),
  onVehicleStatus: (handler) =>
    listen<StatusUpdate>(VEHICLE_STATUS_EVENT, (event) => handler(event.payload)),

  onConnection: (handler) =>
    listen<ConnectionUpdate>(CONNECTION_EVENT, (event) => handler(event.payload)),

  sendCommand: (vehicleId, kind, attemptKey) =>
    unwrap(commands.sendCommand(vehicleId, kind, attemptKey)),
  vehicleCommands: (vehicleId) => unwrap(commands.vehicleCommands(vehicleId)),
  onVehicleCommand: (handler) =>
    listen<CommandUpdate>(VEHICLE_COMMAND_EVENT, (event) => handler(event.payload)),

  identityState: () => unwrap(commands.identityState()),
  confirmIdentity: (proof) => unwrap(commands.confirmIdentity(proof)),
  setAppPin: (password, pin) => unwrap(commands.setAppPin(password, pin)),
  removeAppPin: () => unwrap(commands.removeAppPin()),

  diagnostics: (vehicleId) => unwrap(commands.diagnostics(vehicleId)),
  findCar: (vehicleId, device) => unwrap(commands.findCar(vehicleId, device)),
  purchasePremium: (vehicleId, years) => unwrap(commands.purchasePremium(vehicleId, years)),
  subscriptionPlans: () => commands.subscriptionPlans(),

  geofences: (vehicleId) => unwrap(commands.geofences(vehicleId)),
  zoneCheck: (zone) => commands.zoneCheck(zone),
  alertSettingsCheck: (settings) => commands.alertSettingsCheck(settings),
  saveZone: (vehicleId, zoneId, zone) => unwrap(commands.saveZone(vehicleId, zoneId, zone)),
  deleteZone: async (vehicleId, zoneId) => {
    await unwrap(commands.deleteZone(vehicleId, zoneId));
  },
  saveAlertSettings: (vehicleId, settings) =>
    unwrap(commands.saveAlertSettings(vehicleId, settings)),
  alertHistory: (vehicleId, before) => unwrap(commands.alertHistory(vehicleId, before)),
  onVehicleAlert: (handler) =>
    listen<AlertUpdate>(VEHICLE_ALERT_EVENT, (event) => handler(event.payload)),

  nissanconnect: () => unwrap(commands.nissanconnect()),
  connectNissanconnect: (email, password) => unwrap(commands.connectNissanconnect(email, password)),
  disconnectNissanconnect: () => unwrap(commands.disconnectNissanconnect()),
  linkNissanCar: (vin) => unwrap(commands.linkNissanCar(vin)),

  drivers: (vehicleId) => unwrap(commands.drivers(vehicleId)),
  inviteDriver: (vehicleId, email) => unwrap(commands.inviteDriver(vehicleId, email)),
  removeDriver: (vehicleId, accountId) => unwrap(commands.removeDriver(vehicleId, accountId)),
  cancelInvitation: (vehicleId, invitationId) =>
    unwrap(commands.cancelInvitation(vehicleId, invitationId)),
  leaveVehicle: (vehicleId) => unwrap(commands.leaveVehicle(vehicleId)),
  invitations: () => unwrap(commands.invitations()),
  acceptInvitation: (invitationId) => unwrap(commands.acceptInvitation(invitationId)),
  declineInvitation: (invitationId) => unwrap(commands.declineInvitation(invitationId)),

  openHeadUnit: async (vin) => {
    await unwrap(commands.openHeadUnit(vin));
  },
  headUnit: (vin) => unwrap(commands.headUnit(vin)),
  headUnitConfirm: (vin) => unwrap(commands.headUnitConfirm(vin)),
  sandboxCar: (vin) => unwrap(commands.sandboxCar(vin)),
  controlSandboxCar: (vin, control) => unwrap(commands.controlSandboxCar(vin, control)),
  headUnitEnterKey: (vin, typed) => unwrap(commands.headUnitEnterKey(vin, typed)),
  headUnitEnterCode: (vin, typed) => unwrap(commands.headUnitEnterCode(vin, typed)),
  dealerUnlockHeadUnit: (vin) => unwrap(commands.dealerUnlockHeadUnit(vin)),

  generateAuthKey: (vehicleId, reason) => unwrap(commands.generateAuthKey(vehicleId, reason)),
  authKeys: (vehicleId) => unwrap(commands.authKeys(vehicleId)),
};
