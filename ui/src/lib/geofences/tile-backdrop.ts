// The map's tiles as the backgrounds of one element exactly the map's size, instead of Leaflet's
// tile images. Leaflet's images hang past the map's edges (clipped only by `overflow`), which a
// narrow window counts as content wider than the screen; this element never does. Each tile is
// also fetched once as an Image, off the page, to learn when tiles cannot be loaded.
import * as L from 'leaflet';

export const TILE_SIZE = 256;

export interface TilePlace {
  /** The tile's address at this zoom (x wrapped around the world). */
  x: number;
  y: number;
  /** Where its top-left corner is, in pixels from the map's top-left. */
  left: number;
  top: number;
}

/**
 * The tiles that cover a view whose top-left is `origin` (world pixels at `zoom`) and whose size
 * is `size`. Rows past the poles are left out; columns wrap around the antimeridian.
 */
export function visibleTiles(
  origin: { x: number; y: number },
  size: { x: number; y: number },
  zoom: number,
  tileSize = TILE_SIZE,
): TilePlace[] {
  const count = 2 ** zoom;
  const places: TilePlace[] = [];
  const firstX = Math.floor(origin.x / tileSize);
  const lastX = Math.floor((origin.x + size.x - 1) / tileSize);
  const firstY = Math.max(0, Math.floor(origin.y / tileSize));
  const lastY = Math.min(count - 1, Math.floor((origin.y + size.y - 1) / tileSize));
  for (let y = firstY; y <= lastY; y++) {
    for (let x = firstX; x <= lastX; x++) {
      places.push({
        x: ((x % count) + count) % count,
        y,
        left: Math.round(x * tileSize - origin.x),
        top: Math.round(y * tileSize - origin.y),
      });
    }
  }
  return places;
}

export function tileUrl(template: string, zoom: number, place: TilePlace): string {
  return template.replace('{z}', String(zoom)).replace('{x}', String(place.x)).replace('{y}', String(place.y));
}

export class TileBackdrop {
  readonly element: HTMLDivElement;
  readonly #map: L.Map;
  readonly #requested = new Set<string>();
  readonly #draw = () => this.draw();

  constructor(
    map: L.Map,
    private readonly template: string,
    private readonly attribution: string,
    private readonly maxZoom: number,
    /** Called when a tile cannot be loaded (offline, blocked, server down). */
    private readonly onerror: () => void,
  ) {
    this.#map = map;
    const container = map.getContainer();
    this.element = L.DomUtil.create('div', 'zone-map-tiles');
    // First in the container, so every Leaflet pane (drawn later, higher) stays on top.
    container.insertBefore(this.element, container.firstChild);
    map.on('move zoom viewreset resize', this.#draw);
    map.attributionControl?.addAttribution(attribution);
    this.draw();
  }

  draw(): void {
    const map = this.#map;
    const zoom = Math.max(0, Math.min(this.maxZoom, Math.round(map.getZoom())));
    const origin = map.getPixelBounds().min ?? L.point(0, 0);
    const places = visibleTiles(origin, map.getSize(), zoom);
    const urls = places.map((place) => tileUrl(this.template, zoom, place));
    for (const url of urls) this.#request(url);
    const style = this.element.style;
    style.setProperty('background-image', urls.map((url) => `url("${url}")`).join(', '));
    style.setProperty('background-position', places.map((p) => `${p.left}px ${p.top}px`).join(', '));
    style.setProperty('background-size', `${TILE_SIZE}px ${TILE_SIZE}px`);
    style.setProperty('background-repeat', 'no-repeat');
    this.element.dataset.tiles = String(urls.length);
  }

  #request(url: string): void {
    if (this.#requested.has(url)) return;
    // Enough to remember a session of panning; past it the browser's cache answers anyway.
    if (this.#requested.size > 1000) this.#requested.clear();
    this.#requested.add(url);
    const image = new Image();
    image.onerror = () => this.onerror();
    image.src = url;
  }

  remove(): void {
    this.#map.off('move zoom viewreset resize', this.#draw);
    this.#map.attributionControl?.removeAttribution(this.attribution);
    this.element.remove();
  }
}
