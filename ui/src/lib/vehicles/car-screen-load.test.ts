import { describe, expect, it } from 'vitest';
import { CarScreenLoad } from './car-screen-load.svelte';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CarScreenLoad', () => {
  it('shows progress, then keeps only the newest load', async () => {
    const load = new CarScreenLoad(() => false);
    const first = deferred<string>();
    const second = deferred<string>();
    const seen: string[] = [];
    const a = load.run(async (current) => {
      const value = await first.promise;
      if (current()) seen.push(value);
    });
    expect(load.loading).toBe(true);
    const b = load.run(async (current) => {
      const value = await second.promise;
      if (current()) seen.push(value);
    });
    second.resolve('second car');
    first.resolve('first car');
    await Promise.all([a, b]);
    expect(seen).toEqual(['second car']);
    expect(load.loading).toBe(false);
  });

  it('keeps a failure to show, unless it ended the session or a newer load replaced it', async () => {
    const ended: unknown[] = [];
    const load = new CarScreenLoad((error) => {
      if (error === 'signed out') {
        ended.push(error);
        return true;
      }
      return false;
    });
    await load.run(async () => {
      throw 'offline';
    });
    expect(load.error).toBe('offline');
    await load.run(async () => {
      throw 'signed out';
    });
    expect(load.error).toBeNull();
    expect(ended).toEqual(['signed out']);

    const late = deferred<void>();
    const stale = load.run(() => late.promise);
    load.stop();
    late.reject('too late');
    await stale;
    expect(load.error).toBeNull();
    expect(load.loading).toBe(false);
  });

  it('tells later work whether the load it belongs to still stands', async () => {
    const load = new CarScreenLoad(() => false);
    await load.run(async () => {});
    const sameLoad = load.latest();
    expect(sameLoad()).toBe(true);
    await load.run(async () => {});
    expect(sameLoad()).toBe(false);
  });
});
