import { describe, expect, it } from 'vitest';
import { parseCoordinate, rowProblems, splitPair, toWaypoints, type WaypointRow } from './waypoints';

function row(name: string, latitude: string, longitude: string): WaypointRow {
  return { key: 1, name, latitude, longitude };
}

describe('waypoint rules', () => {
  it('reads plain decimal degrees, with a degree sign or a typographic minus', () => {
    expect(parseCoordinate(' 48.8566 ')).toBe(48.8566);
    expect(parseCoordinate('-0.5')).toBe(-0.5);
    expect(parseCoordinate('.5')).toBe(0.5);
    expect(parseCoordinate('12°')).toBe(12);
    expect(parseCoordinate('\u22123.2')).toBe(-3.2);
    expect(parseCoordinate('1e3')).toBeNull();
    expect(parseCoordinate('')).toBeNull();
    expect(parseCoordinate('48,8')).toBeNull();
  });

  it('splits pairs as map apps copy them, but not a decimal comma', () => {
    expect(splitPair('48.8566, 2.3522')).toEqual({ latitude: '48.8566', longitude: '2.3522' });
    expect(splitPair('48.8566,2.3522')).toEqual({ latitude: '48.8566', longitude: '2.3522' });
    expect(splitPair('(51.5; -0.12)')).toEqual({ latitude: '51.5', longitude: '-0.12' });
    expect(splitPair('51.5 -0.12')).toEqual({ latitude: '51.5', longitude: '-0.12' });
    expect(splitPair('48,8566')).toBeNull();
    expect(splitPair('48.8566')).toBeNull();
    expect(splitPair('Paris, France')).toBeNull();
    expect(splitPair('1, 2, 3')).toBeNull();
  });

  it('counts the name in characters, after trimming, as the server does', () => {
    expect(rowProblems(row('  ', '0', '0'), 2).name?.message).toContain('waypoint 2');
    expect(rowProblems(row('é'.repeat(64), '0', '0'), 1).name).toBeUndefined();
    expect(rowProblems(row('🚗'.repeat(64), '0', '0'), 1).name).toBeUndefined();
    expect(rowProblems(row('a'.repeat(65), '0', '0'), 1).name?.definite).toBe(true);
  });

  it('accepts the edges of the map and nothing beyond', () => {
    expect(rowProblems(row('Pole', '90', '-180'), 1)).toEqual({});
    expect(rowProblems(row('Pole', '-90.0001', '180'), 1).latitude?.definite).toBe(true);
    expect(rowProblems(row('Pole', '0', '180.5'), 1).longitude?.definite).toBe(true);
    expect(rowProblems(row('Pole', '-', '0'), 1).latitude?.definite).toBe(false);
  });

  it('sends trimmed names and numbers', () => {
    expect(toWaypoints([row(' Home ', '48.8566', ' 2.3522')])).toEqual([
      { name: 'Home', latitude: 48.8566, longitude: 2.3522 },
    ]);
  });
});
