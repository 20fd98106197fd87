// Report builders for tests and the mock backend. They imitate the shape of what the Rust side
// sends, not its rules: a test states the problems, warnings or decoding it wants to see.
import type {
  Account,
  AppError,
  AuthKeyItem,
  BackendInfo,
  DecodedVin,
  DeviceKind,
  Done,
  Drivers,
  Entitlement,
  Feature,
  FeatureEntitlement,
  HeadUnitScreen,
  Invitation,
  KeyView,
  NewKey,
  NissanCar,
  NissanConnection,
  OutboxMessage,
  Vehicle,
  VehicleLookup,
  ErrorCode,
  PasswordReport,
  PasswordRuleCode,
  VinIssue,
  VinReport,
} from '../bindings';

export function normalizeVin(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export interface VinReportOptions {
  problems?: VinIssue[];
  warnings?: VinIssue[];
  decoded?: Partial<DecodedVin> | null;
}

/** A report for `input` with the given issues; each positioned issue marks its character. */
export function vinReport(input: string, options: VinReportOptions = {}): VinReport {
  const normalized = normalizeVin(input);
  const problems = options.problems ?? [];
  const warnings = options.warnings ?? [];
  const codeAt = (issues: VinIssue[], position: number): ErrorCode | null =>
    issues.find((issue) => issue.position === position)?.code ?? null;
  const characters = [...normalized].map((character, index) => ({
    position: index + 1,
    character,
    problem: codeAt(problems, index + 1),
    warning: codeAt(warnings, index + 1),
  }));
  return {
    normalized,
    length: characters.length,
    characters,
    problems,
    warnings,
    decoded: options.decoded ? decodedVin(normalized, options.decoded) : null,
  };
}

export function decodedVin(vin: string, overrides: Partial<DecodedVin> = {}): DecodedVin {
  return {
    vin,
    masked: '•'.repeat(Math.max(vin.length - 6, 0)) + vin.slice(-6),
    wmi: vin.slice(0, 3),
    manufacturer: 'Nissan North America',
    brand: 'Nissan',
    country: 'United States',
    modelYear: 2018,
    generation: 'v3',
    generationLabel: 'NissanConnect 3.0',
    remoteServices: true,
    ...overrides,
  };
}

const RULE_LABELS: Record<PasswordRuleCode, string> = {
  length: '8 to 128 characters',
  capital: 'At least one capital letter',
  not_common: 'Not a commonly used password',
};

const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

export interface PasswordReportOptions {
  met?: Partial<Record<PasswordRuleCode, boolean>>;
  score?: number;
  hint?: string | null;
}

/** A report whose rules and score are whatever the test says (all met, score 4 by default). */
export function passwordReport(
  _password: string,
  options: PasswordReportOptions = {},
): PasswordReport {
  const codes: PasswordRuleCode[] = ['length', 'capital', 'not_common'];
  const rules = codes.map((code) => ({
    code,
    label: RULE_LABELS[code],
    met: options.met?.[code] ?? true,
  }));
  const score = options.score ?? 4;
  return {
    acceptable: rules.every((rule) => rule.met),
    rules,
    problems: rules
      .filter((rule) => !rule.met)
      .map((rule) => ({ code: ruleError(rule.code), message: `Rule not met: ${rule.label}` })),
    strength: { score, label: STRENGTH_LABELS[score] ?? 'Very strong', hint: options.hint ?? null },
  };
}

function ruleError(code: PasswordRuleCode): ErrorCode {
  switch (code) {
    case 'length':
      return 'password_too_short';
    case 'capital':
      return 'password_no_capital';
    case 'not_common':
      return 'password_common';
  }
}

/** The sandbox with an encrypted store, unless a test says otherwise. */
export function backendInfo(
  store: BackendInfo['store'] = { state: 'encrypted' },
  overrides: Partial<BackendInfo> = {},
): BackendInfo {
  return { mode: 'sandbox', baseUrl: 'http://127.0.0.1:49152', store, ...overrides };
}

/** An error as the Rust side rejects with; `field` names the form field it belongs to. */
/** The device the app runs on: a phone for `android` and `ios`, else a computer. */
export function deviceKind(os: DeviceKind['os'] = 'linux'): DeviceKind {
  return { mobile: os === 'android' || os === 'ios', os };
}

export function appError(
  code: string,
  message: string,
  overrides: Partial<AppError> = {},
): AppError {
  return { code, message, field: null, retryAfterSeconds: null, ...overrides };
}

export function done(message = 'Done.'): Done {
  return { message };
}

export function account(overrides: Partial<Account> = {}): Account {
  return {
    id: 'acc_demo',
    email: 'demo@sandbox.keyfob.test',
    emailConfirmed: true,
    nickname: 'demo_owner',
    region: 'EU',
    phone: null,
    phoneChangedAt: null,
    pinSet: false,
    createdAt: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}

/** The sandbox's happy-path Qashqai, linked and active, unless a test says otherwise. */
export function vehicle(overrides: Partial<Vehicle> = {}): Vehicle {
  return {
    id: 'veh_qashqai',
    vin: 'SJNTAAJ11SU512207',
    vinMasked: '•••••••••••512207',
    model: 'Qashqai',
    modelYear: 2025,
    trim: 'N-Connecta',
    market: 'EU',
    generation: 'current',
    generationLabel: 'NissanConnect (current generation)',
    firmwareVersion: '4.2.1',
    role: 'owner',
    ownerNickname: 'demo_owner',
    activation: {
      state: 'active',
      linkedAt: '2026-11-22T10:00:00Z',
      expiresAt: null,
      confirmedAt: '2026-11-22T10:01:00Z',
      syncedAt: '2026-11-22T10:03:00Z',
    },
    reportedStolenAt: null,
    subscription: {
      tier: 'trial',
      trialEndsOn: '2028-03-01',
      premiumEndsOn: null,
      warrantyEndsOn: '2030-03-01',
      warrantyActive: true,
    },
    entitlements: [],
    viaNissanconnect: false,
    ...overrides,
  };
}

/** Each feature's label in the entitlement table, as keyfob-core names them. */
export const FEATURE_LABELS: Record<Feature, string> = {
  status: 'Vehicle status',
  remote_start: 'Remote engine start',
  lock_unlock: 'Lock and unlock',
  horn_lights: 'Horn and lights',
  geofence_alerts: 'Geofence, curfew and speed alerts',
  diagnostics: 'Diagnostics and health report',
  send_to_car: 'Send a destination to the car',
  charging: 'Remote charging',
  climate: 'Remote climate (electric)',
};

/** A whole entitlement table: every feature available, unless `overrides` says otherwise. */
export function entitlementTable(overrides: Partial<Record<Feature, Entitlement>> = {}): FeatureEntitlement[] {
  return (Object.keys(FEATURE_LABELS) as Feature[]).map((feature) => ({
    feature,
    label: FEATURE_LABELS[feature],
    entitlement: overrides[feature] ?? { status: 'available' },
  }));
}

/** keyfob-core's rows for what a car with an engine can never do. */
export const NOT_ELECTRIC: Entitlement = {
  status: 'unsupported',
  code: 'not_electric',
  reason: 'This car has an engine: charging and battery climate are for electric cars. Remote start runs its climate.',
};

export const NO_ENGINE: Entitlement = {
  status: 'unsupported',
  code: 'no_engine',
  reason: 'An electric car has no engine to start. Use Remote climate to heat or cool the cabin.',
};

/** The Qashqai with its whole table: everything but the EV features. */
export function engineVehicle(overrides: Partial<Vehicle> = {}): Vehicle {
  return vehicle({ entitlements: entitlementTable({ charging: NOT_ELECTRIC, climate: NOT_ELECTRIC }), ...overrides });
}

/** A linked, active Leaf on its trial: everything but remote engine start. */
export function evVehicle(overrides: Partial<Vehicle> = {}): Vehicle {
  return vehicle({
    id: 'veh_leaf',
    vin: 'SJNFAAZE1U0000001',
    vinMasked: '•••••••••••000001',
    model: 'Leaf',
    modelYear: 2024,
    trim: 'N-Connecta',
    entitlements: entitlementTable({ remote_start: NO_ENGINE }),
    ...overrides,
  });
}

/** The same car after its owner reported it stolen, half an hour before the tests' "now". */
export function stolenVehicle(overrides: Partial<Vehicle> = {}): Vehicle {
  return vehicle({ reportedStolenAt: '2026-11-23T09:30:00Z', ...overrides });
}

export function vehicleLookup(overrides: Partial<VehicleLookup> = {}): VehicleLookup {
  return {
    decoded: decodedVin('SJNTAAJ11SU512207', {
      manufacturer: 'Nissan Motor Manufacturing UK',
      country: 'United Kingdom',
      modelYear: 2025,
      generation: 'current',
      generationLabel: 'NissanConnect (current generation)',
    }),
    model: 'Qashqai',
    modelYear: 2025,
    trim: 'N-Connecta',
    equipment: ['Navigation', 'Heated seats'],
    market: 'EU',
    telematicsUnit: true,
    sim: 'active',
    firmwareVersion: '4.2.1',
    generation: 'current',
    generationLabel: 'NissanConnect (current generation)',
    ...overrides,
  };
}

export function outboxMessage(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: 'msg_1',
    channel: 'email',
    to: 'new.owner@example.com',
    subject: 'Confirm your Keyfob account',
    body: 'Open this link on the device with Keyfob to confirm your email address.',
    action: 'keyfob://verify?token=abc123',
    sentAt: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}

export function drivers(overrides: Partial<Drivers> = {}): Drivers {
  return { ownerNickname: 'demo_owner', drivers: [], invitations: [], ...overrides };
}

export function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 'inv_1',
    vehicleModel: 'Qashqai',
    vehicleModelYear: 2025,
    vinMasked: '•••••••••••512207',
    ownerNickname: 'demo_owner',
    sentAt: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}

export function headUnitScreen(overrides: Partial<HeadUnitScreen> = {}): HeadUnitScreen {
  return { vinMasked: '•••••••••••512207', model: 'Qashqai', prompt: null, ...overrides };
}

/** A key just generated for the owner's Qashqai, valid 24 hours from `createdAt`. */
export function newKey(overrides: Partial<NewKey> = {}): NewKey {
  return {
    id: 'key_1',
    key: 'Ab3dEfG7hJ2mN4qR',
    grouped: 'Ab3d EfG7 hJ2m N4qR',
    reason: 'software_update',
    createdAt: '2026-11-23T10:00:00Z',
    expiresAt: '2026-11-24T10:00:00Z',
    ...overrides,
  };
}

export function keyView(overrides: Partial<KeyView> = {}): KeyView {
  return {
    id: 'key_1',
    reason: 'software_update',
    state: 'live',
    createdAt: '2026-11-23T10:00:00Z',
    expiresAt: '2026-11-24T10:00:00Z',
    usedAt: null,
    ...overrides,
  };
}

export function authKeyItem(overrides: Partial<KeyView> = {}, grouped: string | null = null): AuthKeyItem {
  return { key: keyView(overrides), grouped };
}

/** What a backend that does not reach cars through NissanConnect answers (the sandbox). */
export function nissanconnectNotEnabled(): AppError {
  return appError(
    'nissanconnect_not_enabled',
    'This Keyfob backend does not reach cars through NissanConnect.',
  );
}

/** A car of the connected NissanConnect account, not linked to Keyfob yet. */
export function nissanCar(overrides: Partial<NissanCar> = {}): NissanCar {
  return {
    vin: 'SJNFAAZE0U6000001',
    model: 'Leaf',
    modelYear: 2022,
    nickname: 'The blue one',
    electric: true,
    vehicleId: null,
    unavailableReason: null,
    ...overrides,
  };
}

/** A NissanConnect account connected a day before the tests' "now", with one car. */
export function nissanConnection(overrides: Partial<NissanConnection> = {}): NissanConnection {
  return {
    state: 'connected',
    emailHint: 'o•••@example.com',
    connectedAt: '2026-11-22T10:00:00Z',
    cars: [nissanCar()],
    readEveryMinutes: 15,
    wakeEveryMinutes: 60,
    ...overrides,
  };
}

/** Not connected yet: the screen asks for the NissanConnect email and password. */
export function nissanNotConnected(overrides: Partial<NissanConnection> = {}): NissanConnection {
  return nissanConnection({ state: 'not_connected', emailHint: null, connectedAt: null, cars: [], ...overrides });
}

/** A Leaf linked through NissanConnect: Nissan's services decide what it can do. */
export function nissanVehicle(overrides: Partial<Vehicle> = {}): Vehicle {
  return vehicle({
    id: 'veh_nissan_leaf',
    vin: 'SJNFAAZE0U6000001',
    vinMasked: '•••••••••••000001',
    model: 'Leaf',
    modelYear: 2022,
    trim: '',
    viaNissanconnect: true,
    ...overrides,
  });
}
