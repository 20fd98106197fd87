// How an alert reads: when it happened in the person's own words and clock, and what kind it is.
import type { AlertEvent } from '../bindings';
import type { IconName } from '../shared/icons';
import { formatDateTime } from '../vehicles/format';

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function clock(date: Date): string {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/**
 * "Just now", "12 min ago", "Today at 14:05", "Yesterday at 22:10", or the date and time, all in
 * this device's time zone.
 */
export function alertTime(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const seconds = Math.floor((now - date.getTime()) / 1000);
  // A car's clock a little ahead of this device's still means "now".
  if (seconds < 60) return 'Just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  const today = new Date(now);
  if (sameDay(date, today)) return `Today at ${clock(date)}`;
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (sameDay(date, yesterday)) return `Yesterday at ${clock(date)}`;
  return formatDateTime(iso);
}

export function alertIcon(event: AlertEvent): IconName {
  switch (event.kind) {
    case 'zone':
      return 'fence';
    case 'curfew':
      return 'clock';
    case 'speed':
      return 'gauge';
  }
}
