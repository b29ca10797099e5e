/**
 * The UI window's preload (sandboxed: it may require only 'electron'; build.mjs bundles the rest).
 * It gives the page one narrow, namespaced object, `window.anlauf`, built from the contract —
 * never a generic invoke(channel). Only contract command and event names ever reach ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi, isCommandName, isEventName, type Invoke, type Subscribe } from '../contract';
import { installAnlaufApi, type RawApi } from './main-world';

/** Resolves to main's DispatchResult as-is; main-world.ts turns `{ok:false}` into an Error. */
const invoke: Invoke = (command, request) => {
  if (!isCommandName(command)) return Promise.reject(new Error(`Unknown command ${String(command)}.`));
  return ipcRenderer.invoke(command, request);
};

const subscribe: Subscribe = (event, listener) => {
  if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}.`);
  // One wrapper per subscription, and the unsubscribe removes exactly that wrapper (the callback
  // the page passed arrives as a fresh proxy each time, so it could never be matched later).
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.removeListener(event, wrapped);
  };
};

const raw = buildApi(invoke, subscribe) as unknown as RawApi;
contextBridge.executeInMainWorld({ func: installAnlaufApi, args: [raw] });
