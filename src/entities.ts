import { InboxEntry } from './host/inbox/inbox-entry.entity.js';
import { GuestTab } from './modules/guest-tabs/guest-tab.entity.js';

/** Every entity of the plugin; a host sharing its DataSource lists these in `entities`. */
export const REGULARS_ENTITIES = [InboxEntry, GuestTab];
