import { describe, expect, it } from 'vitest';
import { degreesText, insertionIndex, offsetPoint, parseDecimal, parsePoint, splitPair } from './coordinates';

describe('parseDecimal', () => {
  it.each([
    ['48.8566', 48.8566],
    [' -2.3522 ', -2.3522],
    ['+12', 12],
    ['.5', 0.5],
    ['48,8566', 48.8566],
    ['\u22122.35', -2.35],
    ['48.8566°', 48.8566],
    ['500', 500],
  ])('reads %j as %d', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each(['', ' ', 'north', '48.8.5', '1e3', '48,85,66', '4 8', '--1', '0x10'])('refuses %j', (text) => {
    expect(parseDecimal(text)).toBeNull();
  });
});

describe('points', () => {
  it('needs both halves to be numbers', () => {
    expect(parsePoint('48.85', '2,35')).toEqual({ latitude: 48.85, longitude: 2.35 });
    expect(parsePoint('48.85', '')).toBeNull();
    expect(parsePoint('x', '2.35')).toBeNull();
  });

  it('shows degrees without trailing zeros, rounded to six decimals', () => {
    expect(degreesText(48.8566)).toBe('48.8566');
    expect(degreesText(2.123456789)).toBe('2.123457');
    expect(degreesText(-0.5)).toBe('-0.5');
  });

  it('splits a pasted "lat, lon" pair and leaves a decimal comma alone', () => {
    expect(splitPair('48.8566, 2.3522')).toEqual({ latitude: '48.8566', longitude: '2.3522' });
    expect(splitPair('(51.5007; -0.1246)')).toEqual({ latitude: '51.5007', longitude: '-0.1246' });
    expect(splitPair('48.8566 2.3522')).toEqual({ latitude: '48.8566', longitude: '2.3522' });
    expect(splitPair('48,8566')).toBeNull();
    expect(splitPair('48.8566')).toBeNull();
    expect(splitPair('Paris, France')).toBeNull();
  });

  it('offsets a point by metres north and east', () => {
    const north = offsetPoint({ latitude: 48, longitude: 2 }, 1113.2, 0);
    expect(north.latitude).toBeCloseTo(48.01, 6);
    expect(north.longitude).toBe(2);
    // A degree of longitude is shorter away from the equator: cos(60°) = 0.5.
    const east = offsetPoint({ latitude: 60, longitude: 0 }, 0, 55_660);
    expect(east.longitude).toBeCloseTo(1, 3);
  });
});

describe('insertionIndex', () => {
  const square = [
    { latitude: 0, longitude: 0 },
    { latitude: 0, longitude: 0.01 },
    { latitude: 0.01, longitude: 0.01 },
    { latitude: 0.01, longitude: 0 },
  ];

  it('puts a corner into the edge it is next to', () => {
    // Just south of the bottom edge (corner 0 → corner 1).
    expect(insertionIndex(square, { latitude: -0.001, longitude: 0.005 })).toBe(1);
    // Just east of the right edge (corner 1 → corner 2).
    expect(insertionIndex(square, { latitude: 0.005, longitude: 0.011 })).toBe(2);
    // Just west of the closing edge (corner 3 → corner 0): it goes last.
    expect(insertionIndex(square, { latitude: 0.005, longitude: -0.001 })).toBe(4);
  });

  it('appends while there is no edge yet', () => {
    expect(insertionIndex([], { latitude: 1, longitude: 1 })).toBe(0);
    expect(insertionIndex([square[0]!], { latitude: 1, longitude: 1 })).toBe(1);
  });
});
