/** What a page knows when it starts: embedded in the page by the plugin, so it needs no round trip. */
export interface UiBootstrap {
  actor: { id: string; name?: string; permissions: string[]; locationId?: string; terminalId?: string };
  /** The host's locale as the token gave it (`sv-SE`); the pages pick their language from it. */
  locale: string | null;
  csrfToken: string;
  /** The tenant's default currency (ISO 4217), for amounts that carry none. */
  currency: string;
  timeZone: string;
  expiresAt: string;
}
