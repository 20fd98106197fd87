import type { VinReport } from '../bindings';

export const VIN_LENGTH = 17;

export type CellState = 'empty' | 'ok' | 'error' | 'warning';

export interface Cell {
  position: number;
  character: string;
  state: CellState;
}

/** One cell per position: always the 17 of a VIN, and one more for each extra character typed. */
export function cellsFor(report: VinReport | null): Cell[] {
  const characters = report?.characters ?? [];
  const count = Math.max(VIN_LENGTH, characters.length);
  return Array.from({ length: count }, (_, index) => {
    const entry = characters[index];
    if (!entry) return { position: index + 1, character: '', state: 'empty' };
    const state: CellState = entry.problem ? 'error' : entry.warning ? 'warning' : 'ok';
    return { position: entry.position, character: entry.character, state };
  });
}

/** What a screen reader says for a cell: its position, character and whether it is wrong. */
export function describeCell(cell: Cell): string {
  switch (cell.state) {
    case 'empty':
      return `Position ${cell.position}: empty`;
    case 'ok':
      return `Position ${cell.position}: ${cell.character}`;
    case 'error':
      return `Position ${cell.position}: ${cell.character}, has a problem`;
    case 'warning':
      return `Position ${cell.position}: ${cell.character}, worth checking`;
  }
}
