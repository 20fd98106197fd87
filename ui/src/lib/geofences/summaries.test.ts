import { describe, expect, it } from 'vitest';
import { alertOnSummary, formatDistance, shapeSummary } from './summaries';
import { circleZone, polygonZone } from './test-fixtures';

describe('zone words', () => {
  it('says a circle by its radius and a polygon by its corners', () => {
    expect(shapeSummary(circleZone().shape)).toBe('Circle, 500 m');
    expect(shapeSummary({ kind: 'circle', center: { latitude: 0, longitude: 0 }, radiusM: 2_500 })).toBe('Circle, 2,500 m');
    expect(shapeSummary({ kind: 'circle', center: { latitude: 0, longitude: 0 }, radiusM: 25_000 })).toBe('Circle, 25 km');
    expect(shapeSummary(polygonZone().shape)).toBe('Polygon, 5 corners');
  });

  it('rounds distances to what a person reads', () => {
    expect(formatDistance(499.6)).toBe('500 m');
    expect(formatDistance(12_340)).toBe('12.3 km');
    expect(formatDistance(500_000)).toBe('500 km');
  });

  it('says which crossings alert', () => {
    expect(alertOnSummary('exit')).toBe('Alerts when the car leaves');
    expect(alertOnSummary('entry')).toBe('Alerts when the car arrives');
    expect(alertOnSummary('both')).toBe('Alerts when the car arrives or leaves');
  });
});
