// The words the zone list and the editor use for a zone's shape and the crossings it tells.
import type { AlertOn, Shape } from '../bindings';
import { formatNumber } from '../dashboard/format';

/** "500 m", "1,250 m", "2.5 km". */
export function formatDistance(metres: number): string {
  if (metres < 10_000) return `${formatNumber(Math.round(metres))} m`;
  const km = Math.round(metres / 100) / 10;
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(km)} km`;
}

/** "Circle, 500 m" / "Polygon, 5 corners". */
export function shapeSummary(shape: Shape): string {
  if (shape.kind === 'circle') {
    return shape.radiusM === null ? 'Circle' : `Circle, ${formatDistance(shape.radiusM)}`;
  }
  const count = shape.vertices.length;
  return `Polygon, ${count} ${count === 1 ? 'corner' : 'corners'}`;
}

export const ALERT_ON_CHOICES: readonly { value: AlertOn; label: string }[] = [
  { value: 'exit', label: 'When the car leaves' },
  { value: 'entry', label: 'When the car arrives' },
  { value: 'both', label: 'Both' },
];

/** "Alerts when the car leaves". */
export function alertOnSummary(alertOn: AlertOn): string {
  switch (alertOn) {
    case 'exit':
      return 'Alerts when the car leaves';
    case 'entry':
      return 'Alerts when the car arrives';
    case 'both':
      return 'Alerts when the car arrives or leaves';
  }
}
