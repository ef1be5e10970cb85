import type { PageArea } from '../../area.js';
import { MessagesPage } from './messages-page.js';

export const messagesArea: PageArea = {
  page(route) {
    return route.segments[0] === 'messages' ? <MessagesPage /> : null;
  },
};
