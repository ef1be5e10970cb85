import { useRef, useState } from 'preact/hooks';
import { useLoad } from '../../hooks.js';
import type { Page } from './types.js';

/** A paginated list: the first page loads with `deps`, "load more" appends the next. */
export function usePaged<T>(load: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]) {
  const page = useLoad(() => load(undefined), deps);
  const latest = useRef(page.data);
  latest.current = page.data;
  const [moreFailure, setMoreFailure] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const loadMore = async () => {
    const current = page.data;
    if (!current?.nextCursor || loadingMore) return;
    setLoadingMore(true);
    setMoreFailure(null);
    try {
      const next = await load(current.nextCursor);
      // A filter changed meanwhile: the new first page wins over this old one's next page.
      if (latest.current === current) page.setData({ items: [...current.items, ...next.items], nextCursor: next.nextCursor });
    } catch (error) {
      setMoreFailure(error);
    } finally {
      setLoadingMore(false);
    }
  };
  return { ...page, items: page.data?.items ?? [], hasMore: Boolean(page.data?.nextCursor), loadMore, loadingMore, moreFailure };
}

/** A one-click change from a row (block, unbind): its refusal shown once above the list. */
export function useAction(onDone: () => void) {
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setFailure(null);
    try {
      await work();
      onDone();
      return true;
    } catch (error) {
      setFailure(error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { failure, busy, run, clear: () => setFailure(null) };
}

/**
 * One Idempotency-Key per intent, across successes: a retry of the same click sends the
 * same key, and the same body typed again after a success is a new intent.
 */
export function useIntentCounter(): [number, () => void] {
  const [intent, setIntent] = useState(0);
  return [intent, () => setIntent((n) => n + 1)];
}
