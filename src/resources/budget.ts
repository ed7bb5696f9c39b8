/**
 * How many resources one caller may follow at once. Each followed batch can be an upstream poller, so
 * a caller is held to MAX_FOLLOWED_URIS distinct URIs across all its 2026 listens and 2025
 * subscriptions, counted per holder (live/principal.ts): over HTTP all holders of one token share it.
 */
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";

/** Far beyond what a person watches; one request naming thousands no longer fans out upstream. */
export const MAX_FOLLOWED_URIS = 50;

export class FollowBudget {
  /** Per holder, how many open listens or subscriptions follow each URI. */
  private readonly held = new Map<string, Map<string, number>>();

  /**
   * Counts `uris` against the holder, or throws, counting nothing, when they would take it past the
   * limit; returns the release (once is enough, more is harmless).
   */
  take(holder: string, uris: readonly string[]): () => void {
    const unique = [...new Set(uris)];
    const mine = this.held.get(holder) ?? new Map<string, number>();
    const adding = unique.filter((uri) => !mine.has(uri)).length;
    if (mine.size + adding > MAX_FOLLOWED_URIS)
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Too many resources to follow: a caller follows at most ${MAX_FOLLOWED_URIS} URIs at once (listens and subscriptions together); this asks for ${adding} more while ${mine.size} are followed. Name fewer URIs, or end another listen or subscription first`,
      );
    for (const uri of unique) mine.set(uri, (mine.get(uri) ?? 0) + 1);
    this.held.set(holder, mine);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const uri of unique) {
        const left = (mine.get(uri) ?? 1) - 1;
        if (left > 0) mine.set(uri, left);
        else mine.delete(uri);
      }
      if (mine.size === 0) this.held.delete(holder);
    };
  }
}
