import type { Schema } from './schema.js';

/** What a page knows when it starts: embedded in the page by the plugin, so it needs no round trip. */
export type UiBootstrap = Schema<'UiSessionDto'>;
