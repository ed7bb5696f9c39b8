/** Resource updates pushed from outside (webhook deliveries), to whichever sessions subscribed to the URI. */
export class ResourceEvents {
  private readonly listeners = new Map<string, Set<() => void>>();

  subscribe(uri: string, listener: () => void): () => void {
    let set = this.listeners.get(uri);
    if (!set) {
      set = new Set();
      this.listeners.set(uri, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(uri);
    };
  }

  publish(uri: string): void {
    for (const listener of [...(this.listeners.get(uri) ?? [])]) listener();
  }
}
