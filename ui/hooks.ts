import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, newIdempotencyKey } from './api.js';
import { navigate } from './router.js';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** Loads on mount and whenever `deps` change; a late answer for old deps is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setState((previous) => ({ data: previous.data, loading: true }));
    load().then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error: unknown) => call === latest.current && setState({ error, loading: false }),
    );
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const setData = useCallback((data: T) => setState({ data, loading: false }), []);
  return { data: state.data, error: state.error, loading: state.loading, reload, setData };
}

export interface Form<T> {
  values: T;
  set: <K extends keyof T>(name: K, value: T[K]) => void;
  replace: (values: T) => void;
  error: ApiError | null;
  failure: unknown;
  submitting: boolean;
  /** Runs `save`; a refusal of the API stays on the form, beside its fields. */
  submit: (save: (values: T) => Promise<void>) => Promise<void>;
}

export function useForm<T>(initial: T): Form<T> {
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const set = useCallback(<K extends keyof T>(name: K, value: T[K]) => setValues((previous) => ({ ...previous, [name]: value })), []);
  const submit = async (save: (values: T) => Promise<void>) => {
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    setFailure(null);
    try {
      await save(values);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      else setFailure(caught);
    } finally {
      setSubmitting(false);
    }
  };
  return { values, set, replace: setValues, error, failure, submitting, submit };
}

/**
 * One Idempotency-Key per intent: pressing Save twice, or again after a timeout, sends
 * the same key for the same body, so the API writes once; a changed body is a new intent.
 */
export function useIntentKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return (body) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
    return last.current.key;
  };
}

/**
 * Saves an item of a list page (a tier, an account type, a reward): the existing one by a
 * PATCH of `update()`, a new one by a POST of `create()` with one key per intent; then back
 * to the list at `back`.
 */
export function useSaveItem(collection: string, back: string): (existing: { id: string } | null, create: () => unknown, update: () => unknown) => Promise<void> {
  const keyFor = useIntentKey();
  return async (existing, create, update) => {
    if (existing) {
      await api('PATCH', `${collection}/${encodeURIComponent(existing.id)}`, update());
    } else {
      const body = create();
      await api('POST', collection, body, { idempotencyKey: keyFor(body) });
    }
    navigate(back);
  };
}
