import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
const listen = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import {
  account,
  appError,
  backendInfo,
  nissanConnection,
  nissanVehicle,
  passwordReport,
  stolenVehicle,
  vinReport,
} from './fixtures';
import { tauriBackend } from './tauri';

describe('tauriBackend', () => {
  beforeEach(() => {
    invoke.mockReset();
    listen.mockReset();
  });

  it('calls vin_check with the input as typed', async () => {
    const report = vinReport('1n4');
    invoke.mockResolvedValue(report);
    await expect(tauriBackend.vinCheck('1n4')).resolves.toEqual(report);
    expect(invoke).toHaveBeenCalledWith('vin_check', { input: '1n4' });
  });

  it('calls password_check with the password and the other fields', async () => {
    const report = passwordReport('x');
    invoke.mockResolvedValue(report);
    await expect(tauriBackend.passwordCheck('Secret', ['me@example.com'])).resolves.toEqual(report);
    expect(invoke).toHaveBeenCalledWith('password_check', {
      password: 'Secret',
      userInputs: ['me@example.com'],
    });
  });

  it('asks device_kind what the app runs on, answered as it is', async () => {
    invoke.mockResolvedValue({ mobile: true, os: 'android' });
    await expect(tauriBackend.deviceKind()).resolves.toEqual({ mobile: true, os: 'android' });
    expect(invoke).toHaveBeenCalledWith('device_kind');
  });

  it('passes an IPC failure on to the caller', async () => {
    invoke.mockRejectedValue(new Error('IPC is down'));
    await expect(tauriBackend.vinCheck('1')).rejects.toThrow('IPC is down');
  });

  it('answers a command that can fail with its value', async () => {
    invoke.mockResolvedValue(account());
    await expect(tauriBackend.signIn('demo@sandbox.keyfob.test', 'pw')).resolves.toEqual(account());
    expect(invoke).toHaveBeenCalledWith('sign_in', {
      email: 'demo@sandbox.keyfob.test',
      password: 'pw',
    });
  });

  it('rejects with the AppError the command failed with, not a wrapped result', async () => {
    const error = appError('invalid_credentials', 'Wrong email or password.');
    invoke.mockRejectedValue(error);
    await expect(tauriBackend.signIn('a@example.com', 'x')).rejects.toEqual(error);
  });

  it('hears confirmation links through the verify-link event', async () => {
    const unlisten = vi.fn();
    listen.mockResolvedValue(unlisten);
    const handler = vi.fn();
    await expect(tauriBackend.onVerifyLink(handler)).resolves.toBe(unlisten);
    expect(listen).toHaveBeenCalledWith('verify-link', expect.any(Function));
    const deliver = listen.mock.calls[0]![1] as (event: { payload: unknown }) => void;
    deliver({ payload: { confirmed: true, message: 'Confirmed.', code: null } });
    expect(handler).toHaveBeenCalledWith({ confirmed: true, message: 'Confirmed.', code: null });
  });

  it('hears car statuses through the vehicle-status event', async () => {
    listen.mockResolvedValue(vi.fn());
    const handler = vi.fn();
    await tauriBackend.onVehicleStatus(handler);
    expect(listen).toHaveBeenCalledWith('vehicle-status', expect.any(Function));
    const deliver = listen.mock.calls[0]![1] as (event: { payload: unknown }) => void;
    deliver({ payload: { vehicleId: 'veh_1', status: {} } });
    expect(handler).toHaveBeenCalledWith({ vehicleId: 'veh_1', status: {} });
  });

  it('reports a car stolen and withdraws the report with the password', async () => {
    invoke.mockResolvedValue(stolenVehicle());
    await expect(tauriBackend.reportStolen('veh_1', 'pw')).resolves.toEqual(stolenVehicle());
    expect(invoke).toHaveBeenCalledWith('report_stolen', { vehicleId: 'veh_1', password: 'pw' });
    await tauriBackend.withdrawStolenReport('veh_1', 'pw');
    expect(invoke).toHaveBeenLastCalledWith('withdraw_stolen_report', { vehicleId: 'veh_1', password: 'pw' });
  });

  it('reads and sets the map-tiles choice', async () => {
    invoke.mockResolvedValue({ tilesAllowed: null });
    await expect(tauriBackend.mapPrivacy()).resolves.toEqual({ tilesAllowed: null });
    expect(invoke).toHaveBeenCalledWith('map_privacy');
    invoke.mockResolvedValue({ tilesAllowed: false });
    await expect(tauriBackend.setMapTiles(false)).resolves.toEqual({ tilesAllowed: false });
    expect(invoke).toHaveBeenLastCalledWith('set_map_tiles', { allowed: false });
  });

  it('answers the account’s PIN state when the PIN is set or removed', async () => {
    invoke.mockResolvedValue({ pinSet: true, confirmedForSeconds: null });
    await expect(tauriBackend.setAppPin('pw', '4821')).resolves.toEqual({ pinSet: true, confirmedForSeconds: null });
    expect(invoke).toHaveBeenCalledWith('set_app_pin', { password: 'pw', pin: '4821' });
  });

  it('chooses personal mode and reaches NissanConnect through its commands', async () => {
    invoke.mockResolvedValue(backendInfo());
    await tauriBackend.usePersonal();
    expect(invoke).toHaveBeenLastCalledWith('use_personal');
    invoke.mockResolvedValue(nissanConnection());
    await expect(tauriBackend.nissanconnect()).resolves.toEqual(nissanConnection());
    expect(invoke).toHaveBeenLastCalledWith('nissanconnect');
    await tauriBackend.connectNissanconnect('owner@example.com', 'pw');
    expect(invoke).toHaveBeenLastCalledWith('connect_nissanconnect', { email: 'owner@example.com', password: 'pw' });
    invoke.mockResolvedValue(nissanVehicle());
    await expect(tauriBackend.linkNissanCar('SJNFAAZE0U6000001')).resolves.toEqual(nissanVehicle());
    expect(invoke).toHaveBeenLastCalledWith('link_nissan_car', { vin: 'SJNFAAZE0U6000001' });
    invoke.mockResolvedValue({ message: 'Disconnected.' });
    await tauriBackend.disconnectNissanconnect();
    expect(invoke).toHaveBeenLastCalledWith('disconnect_nissanconnect');
  });

  it('rejects with nissanconnect_not_enabled where the backend has no NissanConnect', async () => {
    const error = appError('nissanconnect_not_enabled', 'Not here.');
    invoke.mockRejectedValue(error);
    await expect(tauriBackend.nissanconnect()).rejects.toEqual(error);
  });
});
