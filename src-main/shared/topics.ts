/**
 * Which current topics a call shows, and in which order: one function for main (what the call
 * records as shown) and the page (what the banner lists), so the two cannot disagree.
 */
import type { TopicView } from '../contract/topics';

/** In its window now: `from ≤ now < until`, an absent end open. */
export function topicInWindow(topic: Pick<TopicView, 'from' | 'until'>, now: number): boolean {
  return (topic.from === null || topic.from <= now) && (topic.until === null || now < topic.until);
}

/**
 * The topics a call of this client and campaign shows, from topics already in their window: high
 * priority first, then the newest (the latest start; one without a start counts as oldest), then
 * by title. The page runs this on the snapshot's topics, main on the same list when it records them.
 */
export function topicsForCall<T extends Pick<TopicView, 'client' | 'campaigns' | 'priority' | 'from' | 'title'>>(
  topics: readonly T[],
  call: { client: string | null; campaign: string | null },
): T[] {
  if (!call.client) return [];
  return topics
    .filter((t) => t.client === call.client && (t.campaigns.length === 0 || (call.campaign !== null && t.campaigns.includes(call.campaign))))
    .sort(
      (a, b) =>
        (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1) ||
        (b.from ?? Number.MIN_SAFE_INTEGER) - (a.from ?? Number.MIN_SAFE_INTEGER) ||
        a.title.localeCompare(b.title),
    );
}

/** The client's topics in their window now for a call of that client and campaign, in the banner's order. */
export function activeTopicsFor<T extends Pick<TopicView, 'client' | 'campaigns' | 'priority' | 'from' | 'until' | 'title'>>(
  topics: readonly T[],
  call: { client: string | null; campaign: string | null },
  now: number,
): T[] {
  return topicsForCall(
    topics.filter((t) => topicInWindow(t, now)),
    call,
  );
}

/** How many topics a banner offers a key for (1…9). */
export const TOPIC_KEYS = 9;
