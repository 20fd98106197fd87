import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latest';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LatestOnly', () => {
  it('keeps only the newest answer, whatever order they arrive in', async () => {
    const latest = new LatestOnly();
    const first = deferred<string>();
    const second = deferred<string>();
    const a = latest.run(() => first.promise);
    const b = latest.run(() => second.promise);
    second.resolve('second');
    first.resolve('first');
    expect(await b).toEqual({ current: true, value: 'second' });
    expect(await a).toEqual({ current: false });
  });

  it('rethrows the newest failure and drops stale ones', async () => {
    const latest = new LatestOnly();
    const stale = latest.run(() => Promise.reject(new Error('old')));
    const fresh = latest.run(() => Promise.reject(new Error('new')));
    expect(await stale).toEqual({ current: false });
    await expect(fresh).rejects.toThrow('new');
  });

  it('makes everything in flight stale on cancel', async () => {
    const latest = new LatestOnly();
    const pending = latest.run(() => Promise.resolve(1));
    latest.cancel();
    expect(await pending).toEqual({ current: false });
  });
});
