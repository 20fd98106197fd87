// Words and times for an EV's charging and climate: charger names, durations, what the car
// reports, and the climate start time typed in the form. Whether a command may go is keyfob-core's
// to say (the status concerns); nothing here decides it.
import type { ChargeState, ChargerSpeed, ClimateState, Reported, Vehicle, VehicleStatus } from '../bindings';
import { isReported } from '../dashboard/format';
import { formatDateTime } from '../vehicles/format';
import { electricFromEntitlements } from '../vehicles/entitlement';

/** The climate targets the car accepts (keyfob-core checks them again). */
export const CLIMATE_TARGETS = [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26] as const;
export const DEFAULT_CLIMATE_TARGET = 21;

/** How far ahead a climate start can be set (the car keeps one timer, for up to 7 days). */
export const CLIMATE_SCHEDULE_MAX_MS = 7 * 24 * 60 * 60 * 1000;

export const CHARGER_SPEEDS = ['slow', 'normal', 'fast'] as const satisfies readonly ChargerSpeed[];

export const CHARGER_NAMES: Record<ChargerSpeed, string> = {
  slow: 'Slow — household socket',
  normal: 'Normal — wall box',
  fast: 'Fast — DC rapid',
};

/**
 * Whether the car is electric: its last status says so, or its entitlement table does (while
 * no status has come yet, or the status does not report the energy).
 */
export function isElectric(status: VehicleStatus | null, vehicle: Vehicle | null): boolean {
  const reported = status && isReported(status, 'energy') ? status.energy.value.electric : false;
  return reported || electricFromEntitlements(vehicle) === true;
}

/** "2 h 52 min", "45 min", "3 h". */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A countdown: "12 min 05 s" within the hour, "1 h 45 min" beyond (a run on a charger). */
export function formatRemaining(seconds: number): string {
  if (seconds >= 3600) return formatMinutes(Math.floor(seconds / 60));
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  const minutes = Math.floor(seconds / 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

/** "18 °C", or null for a value the car did not give. */
export function formatCelsius(value: number | null): string | null {
  return value === null ? null : `${value} °C`;
}

export type ChargingState = 'unplugged' | 'plugged' | 'charging';

export function chargingState(charge: ChargeState): ChargingState {
  if (charge.charging) return 'charging';
  return charge.pluggedIn ? 'plugged' : 'unplugged';
}

/** "Not plugged in", "Plugged in (normal), not charging", "Plugged in (fast), charging". */
export function describeCharging(charge: ChargeState): string {
  if (!charge.pluggedIn) return 'Not plugged in';
  const plug = charge.charger ? `Plugged in (${charge.charger})` : 'Plugged in';
  return `${plug}, ${charge.charging ? 'charging' : 'not charging'}`;
}

/** The car's charging as it reported it; null when it does not report it (or is no EV). */
export function reportedCharge(status: VehicleStatus | null): Reported<ChargeState> | null {
  if (!status?.charge || !isReported(status, 'charge')) return null;
  return status.charge;
}

export function reportedClimate(status: VehicleStatus | null): Reported<ClimateState> | null {
  if (!status?.climate || !isReported(status, 'climate')) return null;
  return status.climate;
}

export type ClimateMode = 'off' | 'on' | 'scheduled';

export function climateMode(climate: ClimateState): ClimateMode {
  if (climate.on) return 'on';
  return climate.scheduledFor ? 'scheduled' : 'off';
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The local date and time as a `datetime-local` field holds it: "2026-11-23T18:30". */
export function localInputValue(ms: number): string {
  const at = new Date(ms);
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` +
    `T${pad(at.getHours())}:${pad(at.getMinutes())}`
  );
}

export type StartChoice = { ok: true; startAt: string | null } | { ok: false; message: string };

export const START_INCOMPLETE =
  'Type the whole date and time to start at (day, month, year, hours and minutes), or clear the field to start now.';

/**
 * The climate start typed in the form, in this device's local time, as the UTC instant
 * (RFC 3339) the command carries: none (start now) for an empty field, or why it cannot be.
 */
export function climateStart(text: string, now: number): StartChoice {
  const typed = text.trim();
  if (typed === '') return { ok: true, startAt: null };
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(typed);
  if (!parts) return { ok: false, message: START_INCOMPLETE };
  const [year, month, day, hours, minutes, seconds] = parts.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Built from its parts, so the field is read as local time whatever the engine's parsing does.
  const at = new Date(year, month - 1, day, hours, minutes, seconds);
  // 31 April and the like roll over into the next month: not a date the person meant.
  if (at.getFullYear() !== year || at.getMonth() !== month - 1 || at.getDate() !== day) {
    return { ok: false, message: START_INCOMPLETE };
  }
  const time = at.getTime();
  if (time <= now) {
    return {
      ok: false,
      message: `That time has passed. Choose a start after ${formatDateTime(new Date(now).toISOString())}, or clear the field to start now.`,
    };
  }
  if (time - now > CLIMATE_SCHEDULE_MAX_MS) {
    return {
      ok: false,
      message: `Choose a start within the next 7 days, by ${formatDateTime(new Date(now + CLIMATE_SCHEDULE_MAX_MS).toISOString())} at the latest.`,
    };
  }
  return { ok: true, startAt: at.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}
