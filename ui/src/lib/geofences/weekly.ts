// Weekly windows as the editor holds them (a zone's schedule and the curfew share this), and
// the words that describe them. Whether a window is valid is keyfob-core's call.
import type { Schedule, WeeklyWindow } from '../bindings';

/** 1 = Monday … 7 = Sunday, as keyfob-core numbers them. */
export const DAYS = [
  { day: 1, short: 'Mon', name: 'Monday' },
  { day: 2, short: 'Tue', name: 'Tuesday' },
  { day: 3, short: 'Wed', name: 'Wednesday' },
  { day: 4, short: 'Thu', name: 'Thursday' },
  { day: 5, short: 'Fri', name: 'Friday' },
  { day: 6, short: 'Sat', name: 'Saturday' },
  { day: 7, short: 'Sun', name: 'Sunday' },
] as const;

export const WEEKDAYS = [1, 2, 3, 4, 5];
export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** One window being edited: the times stay text so nothing typed is lost. */
export interface WindowDraft {
  /** Stable across removals, for the keyed list. */
  key: number;
  days: number[];
  start: string;
  end: string;
}

let nextKey = 1;

export function windowDraft(days: readonly number[], start: string, end: string): WindowDraft {
  return { key: nextKey++, days: [...days], start, end };
}

/** A zone's first window: working days, office hours. */
export function defaultZoneWindow(): WindowDraft {
  return windowDraft(WEEKDAYS, '08:00', '18:00');
}

/** A curfew's first window: every night. */
export function defaultCurfewWindow(): WindowDraft {
  return windowDraft(EVERY_DAY, '22:00', '06:00');
}

export function windowDrafts(windows: readonly WeeklyWindow[]): WindowDraft[] {
  return windows.map((window) => windowDraft(window.days, window.start, window.end));
}

/** The day switched on or off, the days kept in week order. */
export function toggleDay(days: readonly number[], day: number): number[] {
  const next = days.includes(day) ? days.filter((d) => d !== day) : [...days, day];
  return next.sort((a, b) => a - b);
}

/**
 * "7:30", "730", "0730", "7.30" and "7" read as "07:30" / "07:00". Anything else is returned as
 * typed (trimmed), for keyfob-core to say what is wrong with it.
 */
export function normalizeTime(text: string): string {
  const trimmed = text.trim();
  const match = /^(\d{1,2})(?:[:.h]?(\d{2}))?$/.exec(trimmed);
  if (!match) return trimmed;
  const [, hours = '', minutes = '00'] = match;
  // "730" is 7:30, not 73:0: three digits without a separator put the hour first.
  return `${hours.padStart(2, '0')}:${minutes}`;
}

/** The windows to send, times normalised and days in order. */
export function toWindows(drafts: readonly WindowDraft[]): WeeklyWindow[] {
  return drafts.map((draft) => ({
    days: [...draft.days].sort((a, b) => a - b),
    start: normalizeTime(draft.start),
    end: normalizeTime(draft.end),
  }));
}

/** "Every day", "Mon–Fri", "Sat, Sun", "Mon, Wed–Fri". */
export function daysSummary(days: readonly number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (sorted.length === 0) return 'No days';
  if (sorted.length === 7) return 'Every day';
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === day - 1) run.push(day);
    else runs.push([day]);
  }
  const short = (day: number) => DAYS[day - 1]?.short ?? String(day);
  return runs
    .flatMap((run) =>
      // Three days or more read better as a span; two are simply listed.
      run.length >= 3 ? [`${short(run[0]!)}–${short(run[run.length - 1]!)}`] : run.map(short),
    )
    .join(', ');
}

/** "Mon–Fri 08:00–18:00", "Every day 22:00–06:00 next day". */
export function windowSummary(window: WeeklyWindow): string {
  const overnight = window.end < window.start;
  return `${daysSummary(window.days)} ${window.start}–${window.end}${overnight ? ' next day' : ''}`;
}

/** "Any time", or each window and the time zone they are read in. */
export function scheduleSummary(schedule: Schedule | null | undefined): string {
  if (!schedule || schedule.windows.length === 0) return 'Any time';
  return `${schedule.windows.map(windowSummary).join('; ')} (${schedule.timeZone})`;
}

/** This device's time zone, the first guess for a car that is usually nearby. */
export function deviceTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
