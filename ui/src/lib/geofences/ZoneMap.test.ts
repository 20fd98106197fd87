// The real Leaflet map in jsdom: jsdom has no layout, so the map is given a size here, and the
// tiles' Images are stand-ins that a test can fail on purpose.
import { fireEvent, render, screen } from '@testing-library/svelte';
import * as L from 'leaflet';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComponentProps } from 'svelte';
import { circleZone, polygonZone } from './test-fixtures';
import ZoneMap from './ZoneMap.svelte';

const CAR = { latitude: 48.8566, longitude: 2.3522 };

/** Each tile the map asks for, to fail one as a network would. */
class FakeImage {
  static made: FakeImage[] = [];
  onerror: (() => void) | null = null;
  src = '';
  constructor() {
    FakeImage.made.push(this);
  }
}

function renderMap(props: Partial<ComponentProps<typeof ZoneMap>> = {}) {
  const all: ComponentProps<typeof ZoneMap> = {
    car: CAR,
    zones: [circleZone(), polygonZone()],
    draft: null,
    tilesAllowed: true,
    ...props,
  };
  return render(ZoneMap, { props: all });
}

describe('ZoneMap', () => {
  beforeEach(() => {
    FakeImage.made = [];
    vi.stubGlobal('Image', FakeImage);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(320);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(240);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('draws the saved zones and the car on OpenStreetMap tiles, with the attribution', () => {
    const { container } = renderMap();
    const map = screen.getByTestId('geofence-map');
    expect(map).toHaveClass('leaflet-container');
    expect(map).toHaveAttribute('data-offline', 'false');
    expect(container.querySelectorAll('path.zone-saved')).toHaveLength(2);
    expect(container.querySelectorAll('path.zone-car')).toHaveLength(1);
    const tiles = container.querySelector<HTMLElement>('.zone-map-tiles');
    expect(Number(tiles?.dataset.tiles)).toBeGreaterThan(0);
    // The tiles of the world view first, then those of the car's street.
    expect(FakeImage.made.length).toBeGreaterThanOrEqual(Number(tiles?.dataset.tiles));
    for (const image of FakeImage.made) expect(image.src).toMatch(/^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/);
    expect(container.querySelector('.leaflet-control-attribution')).toHaveTextContent('OpenStreetMap contributors');
    // No tile or marker images hang past the map's edges.
    expect(container.querySelector('img')).toBeNull();
    expect(screen.queryByTestId('geofence-map-offline')).not.toBeInTheDocument();
  });

  it('falls back to a plain grid, with a note, when a tile fails to load, and tries again', async () => {
    const { container } = renderMap();
    const asked = FakeImage.made.length;
    FakeImage.made[0]!.onerror?.();
    const note = await screen.findByTestId('geofence-map-offline');
    expect(note).toHaveTextContent('can still draw and edit zones');
    expect(screen.getByTestId('geofence-map')).toHaveAttribute('data-offline', 'true');
    expect(container.querySelector('.zone-map-tiles')).toBeNull();
    expect(container.querySelector('.leaflet-control-attribution')).not.toHaveTextContent('OpenStreetMap');
    // The zones stay on the grid.
    expect(container.querySelectorAll('path.zone-saved')).toHaveLength(2);

    await fireEvent.click(screen.getByTestId('geofence-map-retry'));
    expect(screen.queryByTestId('geofence-map-offline')).not.toBeInTheDocument();
    expect(container.querySelector('.zone-map-tiles')).not.toBeNull();
    // A new start asks for the tiles again.
    expect(FakeImage.made.length).toBeGreaterThan(asked);
  });

  it('does not ask for tiles while the device is offline, and loads them once it is back', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { container } = renderMap();
    expect(screen.getByTestId('geofence-map-offline')).toBeInTheDocument();
    expect(screen.queryByTestId('geofence-map-retry')).not.toBeInTheDocument();
    expect(container.querySelector('.zone-map-tiles')).toBeNull();
    expect(FakeImage.made).toHaveLength(0);
    onLine.mockReturnValue(true);
    await fireEvent(window, new Event('online'));
    expect(screen.queryByTestId('geofence-map-offline')).not.toBeInTheDocument();
    expect(container.querySelector('.zone-map-tiles')).not.toBeNull();
    expect(FakeImage.made.length).toBeGreaterThan(0);
  });

  it('asks before it loads a single tile, and loads them once allowed', async () => {
    const onchoosetiles = vi.fn();
    const { container, rerender } = renderMap({ tilesAllowed: null, onchoosetiles });
    const notice = screen.getByTestId('map-privacy-notice');
    expect(notice).toHaveTextContent('tile.openstreetmap.org');
    expect(notice).toHaveTextContent('the area around your car');
    expect(screen.getByTestId('map-tiles-allow')).toHaveTextContent('Load map tiles');
    expect(screen.getByTestId('map-tiles-deny')).toHaveTextContent('Keep the plain grid');
    const map = screen.getByTestId('geofence-map');
    expect(map).toHaveAttribute('data-tiles', 'ask');
    expect(map).toHaveClass('grid');
    expect(FakeImage.made).toHaveLength(0);
    expect(container.querySelector('.zone-map-tiles')).toBeNull();
    expect(container.querySelector('.leaflet-control-attribution')).not.toHaveTextContent('OpenStreetMap');
    // The zones are drawn on the grid all the same, and nothing says tiles failed.
    expect(container.querySelectorAll('path.zone-saved')).toHaveLength(2);
    expect(screen.queryByTestId('geofence-map-offline')).not.toBeInTheDocument();

    await fireEvent.click(screen.getByTestId('map-tiles-allow'));
    expect(onchoosetiles).toHaveBeenCalledWith(true);
    expect(FakeImage.made).toHaveLength(0);
    await rerender({ tilesAllowed: true, onchoosetiles });
    expect(screen.queryByTestId('map-privacy-notice')).not.toBeInTheDocument();
    expect(map).toHaveAttribute('data-tiles', 'allowed');
    expect(map).not.toHaveClass('grid');
    expect(container.querySelector('.zone-map-tiles')).not.toBeNull();
    expect(FakeImage.made.length).toBeGreaterThan(0);
  });

  it('keeps the plain grid when told so', async () => {
    const onchoosetiles = vi.fn();
    renderMap({ tilesAllowed: null, onchoosetiles });
    await fireEvent.click(screen.getByTestId('map-tiles-deny'));
    expect(onchoosetiles).toHaveBeenCalledWith(false);
  });

  it('draws a plain grid with a one-line note, and no question, when tiles are off', () => {
    const { container } = renderMap({ tilesAllowed: false });
    expect(screen.queryByTestId('map-privacy-notice')).not.toBeInTheDocument();
    expect(screen.getByTestId('map-tiles-off')).toHaveTextContent('Map tiles are off');
    expect(screen.getByTestId('map-tiles-settings')).toHaveAttribute('href', '#/account');
    expect(screen.getByTestId('geofence-map')).toHaveAttribute('data-tiles', 'denied');
    expect(screen.getByTestId('geofence-map')).toHaveClass('grid');
    expect(screen.queryByTestId('geofence-map-offline')).not.toBeInTheDocument();
    expect(container.querySelector('.zone-map-tiles')).toBeNull();
    expect(FakeImage.made).toHaveLength(0);
    expect(container.querySelectorAll('path.zone-saved')).toHaveLength(2);
  });

  it('shows a zone’s name as text, never as markup', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const { container } = renderMap({ zones: [circleZone({ name })] });
    const outline = container.querySelector('path.zone-saved');
    expect(outline).not.toBeNull();
    await fireEvent.mouseOver(outline!);
    const tooltip = container.querySelector('.leaflet-tooltip');
    expect(tooltip).not.toBeNull();
    expect(tooltip).toHaveTextContent(name);
    expect(tooltip!.textContent).toBe(name);
    expect(container.querySelector('img')).toBeNull();
  });

  it('gives a circle being drawn a centre and an edge handle', () => {
    const { container } = renderMap({ draft: { kind: 'circle', center: CAR, radiusM: 500 } });
    expect(container.querySelectorAll('path.zone-draft')).toHaveLength(1);
    expect(container.querySelectorAll('.zone-handle-center')).toHaveLength(1);
    expect(container.querySelectorAll('.zone-handle-edge')).toHaveLength(1);
    expect(container.querySelector('.zone-handle-center')).toHaveAttribute('title', 'Drag to move the zone');
  });

  it('gives each readable corner of a polygon a handle, and adds a corner where the map is clicked', async () => {
    const onaddcorner = vi.fn();
    const { container } = renderMap({
      draft: {
        kind: 'polygon',
        corners: [{ latitude: 48.86, longitude: 2.35 }, null, { latitude: 48.85, longitude: 2.36 }, { latitude: 48.85, longitude: 2.34 }],
      },
      onaddcorner,
    });
    const handles = container.querySelectorAll('.zone-handle-corner');
    expect(handles).toHaveLength(3);
    expect(handles[1]).toHaveAttribute('title', 'Drag to move corner 3');
    await fireEvent.click(screen.getByTestId('geofence-map'), { clientX: 100, clientY: 80 });
    expect(onaddcorner).toHaveBeenCalledTimes(1);
    const [point] = onaddcorner.mock.calls[0]!;
    expect(point.latitude).toEqual(expect.any(Number));
    expect(point.longitude).toEqual(expect.any(Number));
  });

  it('ignores clicks while a circle is drawn or the editor is disabled', async () => {
    const onaddcorner = vi.fn();
    const { rerender } = renderMap({ draft: { kind: 'circle', center: CAR, radiusM: 500 }, onaddcorner });
    await fireEvent.click(screen.getByTestId('geofence-map'), { clientX: 100, clientY: 80 });
    await rerender({ draft: { kind: 'polygon', corners: [CAR] }, disabled: true, onaddcorner });
    await fireEvent.click(screen.getByTestId('geofence-map'), { clientX: 100, clientY: 80 });
    expect(onaddcorner).not.toHaveBeenCalled();
  });

  it('reports the middle of the map, for zones drawn without the car’s position', () => {
    const onviewchange = vi.fn();
    renderMap({ car: CAR, zones: [], onviewchange });
    expect(onviewchange).toHaveBeenLastCalledWith({ latitude: 48.8566, longitude: 2.3522 });
  });

  it('takes Leaflet down with it', () => {
    const remove = vi.spyOn(L.Map.prototype, 'remove');
    const { unmount } = renderMap();
    expect(remove).not.toHaveBeenCalled();
    unmount();
    expect(remove).toHaveBeenCalledTimes(1);
  });
});
