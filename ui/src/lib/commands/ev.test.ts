import { describe, expect, it } from 'vitest';
import { engineVehicle, evVehicle, vehicle } from '../backend/fixtures';
import { NOW, chargeState, climateState, evStatus, vehicleStatus } from '../dashboard/test-fixtures';
import {
  START_INCOMPLETE,
  chargingState,
  climateMode,
  climateStart,
  describeCharging,
  formatMinutes,
  formatRemaining,
  isElectric,
  localInputValue,
  reportedCharge,
  reportedClimate,
} from './ev';

const now = NOW.getTime();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('EV words', () => {
  it('says a time to full in hours and minutes', () => {
    expect(formatMinutes(172)).toBe('2 h 52 min');
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(180)).toBe('3 h');
    expect(formatMinutes(0)).toBe('0 min');
  });

  it('counts a climate run down in seconds within the hour and in minutes beyond', () => {
    expect(formatRemaining(750)).toBe('12 min 30 s');
    expect(formatRemaining(600)).toBe('10 min');
    expect(formatRemaining(42)).toBe('42 s');
    expect(formatRemaining(2 * 3600 - 1)).toBe('1 h 59 min');
  });

  it('names the plug and the charging', () => {
    expect(chargingState(chargeState({ pluggedIn: false, charger: null }))).toBe('unplugged');
    expect(chargingState(chargeState())).toBe('plugged');
    expect(chargingState(chargeState({ charging: true }))).toBe('charging');
    expect(describeCharging(chargeState({ pluggedIn: false, charger: null }))).toBe('Not plugged in');
    expect(describeCharging(chargeState({ charger: 'fast', charging: true }))).toBe('Plugged in (fast), charging');
    expect(describeCharging(chargeState())).toBe('Plugged in (normal), not charging');
  });

  it('tells a running climate from one set for later', () => {
    expect(climateMode(climateState())).toBe('off');
    expect(climateMode(climateState({ on: true }))).toBe('on');
    expect(climateMode(climateState({ scheduledFor: '2026-11-24T06:30:00Z' }))).toBe('scheduled');
  });

  it('takes no charging or climate the car does not report', () => {
    expect(reportedCharge(evStatus())?.value.charger).toBe('normal');
    expect(reportedCharge(evStatus({ unknown: ['charge'] }))).toBeNull();
    expect(reportedClimate(evStatus({ unknown: ['climate'] }))).toBeNull();
    expect(reportedCharge(vehicleStatus())).toBeNull();
    expect(reportedCharge(null)).toBeNull();
  });

  it('knows an EV from its status or from its entitlement table', () => {
    expect(isElectric(evStatus(), null)).toBe(true);
    expect(isElectric(vehicleStatus(), engineVehicle())).toBe(false);
    // No status yet: the table says so.
    expect(isElectric(null, evVehicle())).toBe(true);
    expect(isElectric(null, engineVehicle())).toBe(false);
    expect(isElectric(null, vehicle())).toBe(false);
    // A placeholder energy says nothing.
    expect(isElectric(evStatus({ unknown: ['energy'] }), vehicle())).toBe(false);
  });
});

describe('climate start time', () => {
  it('starts now when the field is empty', () => {
    expect(climateStart('', now)).toEqual({ ok: true, startAt: null });
    expect(climateStart('   ', now)).toEqual({ ok: true, startAt: null });
  });

  it('reads the field as local time and sends it as UTC', () => {
    const typed = localInputValue(now + 2 * 60 * MINUTE);
    expect(typed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(climateStart(typed, now)).toEqual({ ok: true, startAt: '2026-11-23T14:00:00Z' });
    // Built from the parts, so it is the device's wall clock whatever its time zone.
    const local = new Date(2026, 10, 25, 6, 45);
    expect(climateStart('2026-11-25T06:45', now)).toEqual({
      ok: true,
      startAt: local.toISOString().replace('.000Z', 'Z'),
    });
  });

  it('refuses a time that has passed, with what to do', () => {
    const past = climateStart(localInputValue(now - MINUTE), now);
    expect(past.ok).toBe(false);
    expect(!past.ok && past.message).toMatch(/^That time has passed\. Choose a start after .+, or clear the field to start now\.$/);
    expect(climateStart(localInputValue(now), now).ok).toBe(false);
  });

  it('refuses a time more than 7 days ahead and takes one just within', () => {
    const far = climateStart(localInputValue(now + 7 * DAY + MINUTE), now);
    expect(!far.ok && far.message).toMatch(/^Choose a start within the next 7 days, by .+ at the latest\.$/);
    expect(climateStart(localInputValue(now + 7 * DAY), now).ok).toBe(true);
  });

  it('refuses a half-typed or impossible date', () => {
    expect(climateStart('2026-11-23', now)).toEqual({ ok: false, message: START_INCOMPLETE });
    expect(climateStart('tomorrow', now)).toEqual({ ok: false, message: START_INCOMPLETE });
    expect(climateStart('2026-11-31T08:00', now)).toEqual({ ok: false, message: START_INCOMPLETE });
  });
});
