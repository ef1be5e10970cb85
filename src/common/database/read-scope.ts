import { AsyncLocalStorage } from 'node:async_hooks';

const scopes = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/**
 * One read per row within a till's read-only call. Building a customer card asks several
 * modules about the same guest (their row, their holder's accounts) at once; inside a
 * scope each key is read once and shared, outside one every call reads. Only calls that
 * write nothing they read again run in a scope (identify, evaluate).
 */
export const ReadScope = {
  run<T>(work: () => Promise<T>): Promise<T> {
    return scopes.run(new Map(), work);
  },

  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const memo = scopes.getStore();
    if (!memo) return read();
    let shared = memo.get(key) as Promise<T> | undefined;
    if (!shared) {
      shared = read();
      memo.set(key, shared);
    }
    return shared;
  },
};
