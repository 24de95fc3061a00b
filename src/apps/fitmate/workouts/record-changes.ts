type Listener = (userId: number) => Promise<void>;

/**
 * Tells whoever keeps figures derived from a user's workout and body records (goal progress,
 * recommendations) that they changed. Listeners run before the request that changed the records
 * answers, so what the client reads next is already up to date.
 */
export class RecordChanges {
  private readonly listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  async changed(userId: number): Promise<void> {
    for (const listener of this.listeners) await listener(userId);
  }
}
