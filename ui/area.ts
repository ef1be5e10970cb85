import type { JSX } from 'preact';
import type { Route } from './router.js';

/** A part of the back office: the pages behind its routes (its menu entry is in menu.ts). */
export interface PageArea {
  /** The page for a route of this area, or null when the route is not its. */
  page(route: Route): JSX.Element | null;
}
