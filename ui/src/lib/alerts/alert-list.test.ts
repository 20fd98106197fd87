import { describe, expect, it } from 'vitest';
import { alertItem, alertPage, alertUpdate } from '../geofences/test-fixtures';
import { ALERT_PAGE_SIZE, appendPage, fromUpdate, mayHaveMore, oldestSeq, prepend } from './alert-list';

describe('the alert list', () => {
  it('adds older pages underneath', () => {
    const first = appendPage([], alertPage(40, 3));
    expect(first.map((row) => row.seq)).toEqual([40, 39, 38]);
    const both = appendPage(first, alertPage(37, 2));
    expect(both.map((row) => row.seq)).toEqual([40, 39, 38, 37, 36]);
    expect(both[0]).toMatchObject({ summary: 'Alert 40', alert: { id: 'alr_40' } });
  });

  it('puts a live alert on top once, and keeps it there when its page arrives', () => {
    const live = fromUpdate(alertUpdate('alr_41', 'Entered School'));
    let rows = prepend(appendPage([], alertPage(40, 2)), live);
    rows = prepend(rows, live);
    expect(rows.map((row) => row.alert.id)).toEqual(['alr_41', 'alr_40', 'alr_39']);
    expect(rows[0]?.seq).toBeNull();
    // A page that also holds the live alert: it is not listed twice and learns its place.
    const merged = appendPage([live], [alertItem(41), alertItem(40)]);
    expect(merged.map((row) => [row.alert.id, row.seq])).toEqual([
      ['alr_41', 41],
      ['alr_40', 40],
    ]);
  });

  it('asks for the page before the oldest alert with a place in the history', () => {
    expect(oldestSeq([])).toBeNull();
    const live = fromUpdate(alertUpdate('alr_99', 'Left Home'));
    expect(oldestSeq([live])).toBeNull();
    expect(oldestSeq([live, ...appendPage([], alertPage(40, 3))])).toBe(38);
  });

  it('expects more behind a full page only', () => {
    expect(mayHaveMore(alertPage(40, ALERT_PAGE_SIZE))).toBe(true);
    expect(mayHaveMore(alertPage(40, ALERT_PAGE_SIZE - 1))).toBe(false);
    expect(mayHaveMore([])).toBe(false);
  });
});
