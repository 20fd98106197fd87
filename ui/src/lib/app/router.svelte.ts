import { routeFromHash, type RouteId } from './routes';

/** Hash routing: the address after `#` picks the screen, so Back and Forward work as expected. */
export class Router {
  route: RouteId = $state('welcome');

  constructor(private readonly win: Window = window) {
    this.route = routeFromHash(win.location.hash);
  }

  /** Follows the address from now on; returns the function that stops following it. */
  start(): () => void {
    const update = () => {
      this.route = routeFromHash(this.win.location.hash);
    };
    update();
    this.win.addEventListener('hashchange', update);
    return () => this.win.removeEventListener('hashchange', update);
  }
}
