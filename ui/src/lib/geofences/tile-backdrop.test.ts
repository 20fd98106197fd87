import { describe, expect, it } from 'vitest';
import { tileUrl, visibleTiles } from './tile-backdrop';

describe('the tiles a view needs', () => {
  it('covers the view and places each tile from the map’s top-left', () => {
    // A 300 × 200 view whose top-left is 100 px into tile (5, 3) at zoom 4.
    const places = visibleTiles({ x: 5 * 256 + 100, y: 3 * 256 + 100 }, { x: 300, y: 200 }, 4);
    expect(places).toEqual([
      { x: 5, y: 3, left: -100, top: -100 },
      { x: 6, y: 3, left: 156, top: -100 },
      { x: 5, y: 4, left: -100, top: 156 },
      { x: 6, y: 4, left: 156, top: 156 },
    ]);
  });

  it('wraps columns around the antimeridian and leaves out rows past the poles', () => {
    // Zoom 1 has 2 × 2 tiles; this view starts left of the world and above it.
    const places = visibleTiles({ x: -100, y: -50 }, { x: 400, y: 600 }, 1);
    expect(places.map((p) => [p.x, p.y])).toEqual([
      [1, 0],
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [1, 1],
    ]);
    expect(places[0]).toMatchObject({ left: -156, top: 50 });
  });

  it('fills in the address', () => {
    expect(tileUrl('https://tile.openstreetmap.org/{z}/{x}/{y}.png', 12, { x: 2074, y: 1409, left: 0, top: 0 })).toBe(
      'https://tile.openstreetmap.org/12/2074/1409.png',
    );
  });
});
