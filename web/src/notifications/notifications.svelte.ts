// The signed-in person's notifications: the unread count in the header follows the server's word
// (`notifications:changed` on every page of the person), and the list is fetched when it is opened.
import type { NotificationsAnswer, NotificationView } from '$protocol';
import { api } from '../lib/api.ts';
import type { LiveManager } from '../realtime/live.svelte.ts';

export class Notifications {
  unread = $state(0);
  items = $state.raw<NotificationView[]>([]);
  loaded = $state(false);

  constructor(live: LiveManager) {
    live.on('notifications:changed', ({ unread }) => {
      this.unread = unread;
      if (this.loaded) void this.load();
    });
  }

  async load(): Promise<void> {
    const answer = await api.get<NotificationsAnswer>('/api/notifications');
    this.items = answer.items;
    this.unread = answer.unread;
    this.loaded = true;
  }

  async readAll(): Promise<void> {
    await api.post('/api/notifications/read', {});
    await this.load(); // the server's word on what is read, and when
  }

  forget(): void {
    this.unread = 0;
    this.items = [];
    this.loaded = false;
  }
}
