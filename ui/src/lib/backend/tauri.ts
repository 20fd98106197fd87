import { listen } from '@tauri-apps/api/event';
import { commands, type StatusUpdate, type VerifyLinkOutcome } from '../bindings';
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

/** The real backend: Tauri IPC through the generated bindings. */
export const tauriBackend: Backend = {
  vinCheck: (input) => commands.vinCheck(input),
  passwordCheck: (password, userInputs) => commands.passwordCheck(password, userInputs),
  backendInfo: () => commands.backendInfo(),
  useSandbox: () => unwrap(commands.useSandbox()),
  useServer: (url) => unwrap(commands.useServer(url)),

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

  vehicleStatus: (vehicleId) => unwrap(commands.vehicleStatus(vehicleId)),
  refreshStatus: (vehicleId) => unwrap(commands.refreshStatus(vehicleId)),
  onVehicleStatus: (handler) =>
    listen<StatusUpdate>(VEHICLE_STATUS_EVENT, (event) => handler(event.payload)),

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
};
