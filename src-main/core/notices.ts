import type { Message } from '../contract/messages';
import { wordMessage } from '../shared/messages';

/** Something to tell the agent that is no command's answer; `info` is news, not a failure. */
export interface Notice {
  callId: string | null;
  /** The English wording of `said`, for logs and hosts; the UI words `said` itself. */
  message: string;
  said: Message;
  level?: 'error' | 'info';
}

export function noticeOf(callId: string | null, said: Message, level?: 'error' | 'info'): Notice {
  return { callId, message: wordMessage('en', said), said, ...(level ? { level } : {}) };
}
