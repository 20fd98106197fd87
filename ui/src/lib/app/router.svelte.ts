import { paramsFromHash, routeFromHash, type RouteId } from './routes';

/** Hash routing: the address after `#` picks the screen, so Back and Forward work as expected. */
export class Router {
  route: RouteId = $state('welcome');
  /** The screen's parameters (`#/vehicle?id=…`). */
  params: URLSearchParams = $state(new URLSearchParams());

  constructor(private readonly win: Window = window) {
    this.update();
  }

  /** Follows the address from now on; returns the function that stops following it. */
  start(): () => void {
    const update = () => this.update();
    update();
    this.win.addEventListener('hashchange', update);
    return () => this.win.removeEventListener('hashchange', update);
  }

  private update(): void {
    this.route = routeFromHash(this.win.location.hash);
    this.params = paramsFromHash(this.win.location.hash);
  }
}
