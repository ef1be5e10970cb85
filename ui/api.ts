import type { UiBootstrap } from './bootstrap.js';

/**
 * The plugin's own management API, called with the session cookie and the CSRF token.
 * Paths are relative to the page (`/ui/`), so a host that mounts the plugin under a
 * prefix needs nothing more.
 */

/** A refusal from the API: the messages as the API wrote them, and those that name a field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly messages: string[],
    /** `field: reason` lines of a 400, by field path (`contacts[0].value`). */
    readonly fields: Record<string, string[]>,
    readonly body: Record<string, unknown>,
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
  }

  /** What is wrong with one field, or with any field under it. */
  fieldError(path: string): string | undefined {
    const own = Object.entries(this.fields).filter(([field]) => field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`));
    return own.length > 0 ? own.flatMap(([, reasons]) => reasons).join('; ') : undefined;
  }

  /** Messages that no field of the form shows. */
  unshown(shownFields: string[]): string[] {
    const shown = (field: string) => shownFields.some((path) => field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`));
    const general = this.messages.filter((message) => !fieldOf(message));
    return [...general, ...Object.entries(this.fields).filter(([field]) => !shown(field)).flatMap(([field, reasons]) => reasons.map((r) => `${field}: ${r}`))];
  }
}

/** `contacts[0].value: is not a valid e-mail address` → `contacts[0].value`. */
function fieldOf(message: string): string | null {
  const match = /^([A-Za-z_][\w.[\]]*): /.exec(message);
  return match ? match[1] : null;
}

export function errorOf(status: number, body: Record<string, unknown>): ApiError {
  const raw = body.message;
  const messages = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  const fields: Record<string, string[]> = {};
  if (status === 400) {
    for (const message of messages) {
      const field = fieldOf(message);
      if (field) (fields[field] ??= []).push(message.slice(field.length + 2));
    }
  }
  return new ApiError(status, typeof body.code === 'string' ? body.code : undefined, messages, fields, body);
}

let csrfToken = '';
const base = () => new URL('../', window.location.href);

export function startApi(bootstrap: UiBootstrap): void {
  csrfToken = bootstrap.csrfToken;
}

export interface CallOptions {
  /** Writes a user may repeat (a double click, a retry after a timeout) send one key per intent. */
  idempotencyKey?: string;
}

function send(method: string, path: string, accept: string, body?: unknown, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'x-regulars-csrf': csrfToken, accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  return fetch(new URL(path.replace(/^\//, ''), base()), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
}

export async function api<T>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
  const response = await send(method, path, 'application/json', body, options);
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw errorOf(response.status, (parsed ?? {}) as Record<string, unknown>);
  return parsed as T;
}

/** A file the API answers (a CSV of codes), as text; a refusal is JSON like any other. */
export async function apiFile(path: string): Promise<string> {
  const response = await send('GET', path, 'text/csv, application/json');
  const text = await response.text();
  if (!response.ok) throw errorOf(response.status, (text ? JSON.parse(text) : {}) as Record<string, unknown>);
  return text;
}

/** A query string from the filters that are set. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const newIdempotencyKey = () => `ui-${crypto.randomUUID()}`;
