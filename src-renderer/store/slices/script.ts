import type { Said } from '../../i18n/said';
import { uploadFile } from '../../lib/upload';
import type { CommandResponse, LoadedScriptView, ScriptView, Snapshot } from '../../../src-main/contract';
import { attemptCommand, runCommand } from '../command';
import type { Outcome, SliceCreator } from '../types';

export type ScriptLoadResult = CommandResponse<'scripts:load'>;

/** The call scripts walked (per call id, and `preview`), and the trainer's loaded scripts. */
export type ScriptSlice = {
  script: {
    sessions: Readonly<Record<string, ScriptView>>;
    loaded: LoadedScriptView[];
    /** The session whose next or back is on its way to main. */
    pending: string | null;
    /** Per session: main's word on the answer it refused (shown next to the input). */
    errors: Readonly<Record<string, Said>>;
    /** The last file loaded, with main's answer (or why it could not be read). */
    lastLoad: { fileName: string; outcome: Outcome<ScriptLoadResult> } | null;
    loading: boolean;
  };
  /** Answers the current question (if it is one) and moves on; true if main accepted. */
  scriptNext: (sessionId: string, value?: ScriptView['current']['answer']) => Promise<boolean>;
  scriptBack: (sessionId: string) => Promise<void>;
  loadScript: (fileName: string, content: string) => Promise<void>;
  /** Main could not read the file the trainer chose; shown as the load's result. */
  scriptFileUnreadable: (fileName: string, message: string) => void;
  previewScript: (scriptId: string, version?: number) => Promise<void>;
  closeScriptPreview: () => Promise<void>;
  /** A call on the training line for this campaign, so its script can be rehearsed. */
  rehearseScript: (client: string | null, campaign: string) => Promise<void>;
};

export function scriptFromSnapshot(snapshot: Snapshot): Pick<ScriptSlice['script'], 'sessions' | 'loaded'> {
  return { sessions: snapshot.scripts, loaded: snapshot.loadedScripts };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

export const createScriptSlice: SliceCreator<ScriptSlice> = (api) => (set, get) => {
  const patch = (change: Partial<ScriptSlice['script']>) => set((s) => ({ script: { ...s.script, ...change } }));

  /** One step at a time per workstation: a double Enter must not answer the next question too. */
  async function step(sessionId: string, command: () => Promise<unknown>): Promise<boolean> {
    if (get().script.pending !== null) return false;
    patch({ pending: sessionId });
    const outcome = await attemptCommand(command);
    set((s) => ({
      script: {
        ...s.script,
        pending: null,
        errors: outcome.ok ? without(s.script.errors, sessionId) : { ...s.script.errors, [sessionId]: { message: outcome.message, said: outcome.said } },
      },
    }));
    return outcome.ok;
  }

  return {
    script: { sessions: {}, loaded: [], pending: null, errors: {}, lastLoad: null, loading: false },

    scriptNext: (sessionId, value) => step(sessionId, () => api.script.next(value === undefined ? { sessionId } : { sessionId, value })),

    async scriptBack(sessionId) {
      await step(sessionId, () => api.script.back({ sessionId }));
    },

    async loadScript(fileName, content) {
      patch({ loading: true });
      const bytes = new TextEncoder().encode(content);
      const outcome = await attemptCommand(async () =>
        api.scripts.load({ uploadId: await uploadFile(api, 'script', fileName, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) }),
      );
      patch({ loading: false, lastLoad: { fileName, outcome } });
    },

    scriptFileUnreadable(fileName, message) {
      patch({ lastLoad: { fileName, outcome: { ok: false, message, said: null } } });
    },

    async previewScript(scriptId, version) {
      await runCommand(get, () => api.scripts.preview(version === undefined ? { scriptId } : { scriptId, version }));
    },

    async closeScriptPreview() {
      await runCommand(get, () => api.scripts.closePreview({}));
    },

    async rehearseScript(client, campaign) {
      await runCommand(get, () => api.training.placeCall({ rehearse: { client, campaign } }));
    },
  };
};
