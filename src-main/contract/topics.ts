/**
 * Current topics per client (docs/topics.md): short dated notices with talking points, written by
 * trainers in the topics folder or served by the backend (`GET /v1/topics`). What main, the page and
 * the backend exchange about them.
 */
import { z } from 'zod';

export const TOPIC_PRIORITIES = ['high', 'normal'] as const;
export const topicPrioritySchema = z.enum(TOPIC_PRIORITIES);
export type TopicPriority = z.output<typeof topicPrioritySchema>;

/** One topic as the desk holds it: times are epoch ms (the file's local times read on this desk). */
export const topicViewSchema = z.object({
  id: z.string(),
  client: z.string(),
  /** A new number whenever the topic's content changes (kept per client and id in the database). */
  version: z.number().int().positive(),
  title: z.string(),
  priority: topicPrioritySchema,
  from: z.number().nullable(),
  until: z.number().nullable(),
  /** Empty: every campaign of the client. */
  campaigns: z.array(z.string()),
  /** The talking points, light Markdown as in scripts. */
  text: z.string(),
  source: z.enum(['folder', 'backend']),
});
export type TopicView = z.output<typeof topicViewSchema>;

/** A problem of a topics file or of the backend's answer, with where it is. */
export const topicProblemSchema = z.object({ file: z.string(), line: z.number().int(), col: z.number().int(), message: z.string() });
export type TopicProblem = z.output<typeof topicProblemSchema>;

/**
 * The snapshot's part: the topics in their window now (every client's; the page picks the call's
 * with `activeTopicsFor`, shared with main), which topic each call has open, and the problems.
 */
export const topicsViewSchema = z.object({
  active: z.array(topicViewSchema),
  /** Per call id: the topic ids the agent opened on it, the last one shown. */
  opened: z.record(z.string(), z.array(z.string())),
  problems: z.array(topicProblemSchema),
  /** The modifier of the keys that open a topic (`CommandOrControl+Shift` → Ctrl+Shift+1…9), settings `topics.openKeys`. */
  openKeys: z.string(),
});
export type TopicsView = z.output<typeof topicsViewSchema>;

/** What a call record says about its topics (call log, export, outbox `call.topics`). */
export const callTopicSchema = z.object({
  id: z.string(),
  client: z.string(),
  version: z.number().int(),
  title: z.string(),
  shownAt: z.number(),
  openedAt: z.number().nullable(),
});
export type CallTopic = z.output<typeof callTopicSchema>;

/**
 * The backend's answer to `GET /v1/topics` (docs/sync-api.yaml): topics in the file format, with
 * dates as ISO strings (a time without an offset is the desk's local time).
 */
export const backendTopicsSchema = z.object({
  topics: z.array(z.unknown()),
});
