import type { JSX } from 'preact';
import type { MessageKey } from './i18n';
import type { Route } from './router';

/** A part of the back office: its menu entries and the pages behind its routes. */
export interface PageArea {
  nav: { href: string; label: MessageKey; permission: string }[];
  /** The page for a route of this area, or null when the route is not its. */
  page(route: Route): JSX.Element | null;
}
