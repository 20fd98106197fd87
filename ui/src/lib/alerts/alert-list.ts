// The alert history as the screen holds it: pages from the server and alerts pushed live, one
// entry per alert, newest first.
import type { AlertItem, AlertUpdate } from '../bindings';

/** How many alerts the backend sends per page (`Backend.alertHistory`). */
export const ALERT_PAGE_SIZE = 20;

/** One row: an alert pushed live has no place in the history (`seq`) until the list is reloaded. */
export interface AlertRow {
  seq: number | null;
  summary: string;
  alert: AlertItem['alert'];
}

export function fromItem(item: AlertItem): AlertRow {
  return { seq: item.seq, summary: item.summary, alert: item.alert };
}

export function fromUpdate(update: AlertUpdate): AlertRow {
  return { seq: null, summary: update.summary, alert: update.alert };
}

/** An older page added under the rows shown; an alert already shown (pushed live) is kept once. */
export function appendPage(rows: readonly AlertRow[], page: readonly AlertItem[]): AlertRow[] {
  const seqById = new Map(page.map((item) => [item.alert.id, item.seq]));
  // A live row found in the page learns its place in the history and stays where it is.
  const kept = rows.map((row) =>
    row.seq === null && seqById.has(row.alert.id) ? { ...row, seq: seqById.get(row.alert.id) ?? null } : row,
  );
  const shown = new Set(rows.map((row) => row.alert.id));
  return [...kept, ...page.filter((item) => !shown.has(item.alert.id)).map(fromItem)];
}

/** A live alert on top, unless it is already listed. */
export function prepend(rows: readonly AlertRow[], row: AlertRow): AlertRow[] {
  if (rows.some((r) => r.alert.id === row.alert.id)) return [...rows];
  return [row, ...rows];
}

/** The `before` for the next page: the oldest history row's place. */
export function oldestSeq(rows: readonly AlertRow[]): number | null {
  for (let index = rows.length - 1; index >= 0; index--) {
    const seq = rows[index]?.seq;
    if (typeof seq === 'number') return seq;
  }
  return null;
}

/** A full page may have more behind it; a short or empty one was the last. */
export function mayHaveMore(page: readonly AlertItem[]): boolean {
  return page.length >= ALERT_PAGE_SIZE;
}
