import { getContext, setContext } from 'svelte';
import type { Backend } from './backend';

const KEY = Symbol('keyfob.backend');

/** Call from the root component; every component below reads it with `getBackend()`. */
export function setBackend(backend: Backend): Backend {
  return setContext(KEY, backend);
}

export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(KEY);
  if (!backend) {
    throw new Error('No backend in context: wrap the component in one that calls setBackend().');
  }
  return backend;
}

/** The context map to pass to `mount`/`render` so a component gets a backend without a wrapper. */
export function backendContext(backend: Backend): Map<symbol, Backend> {
  return new Map([[KEY, backend]]);
}
