import type { AnlaufApi } from '../../src-main/contract';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAgentSlice } from './slices/agent';
import { createAppSlice } from './slices/app';
import { createCallbacksSlice } from './slices/callbacks';
import { createColleaguesSlice } from './slices/colleagues';
import { createCallContextSlice } from './slices/callContext';
import { createCallDetailsSlice } from './slices/callDetails';
import { createCallLogSlice } from './slices/callLog';
import { createCallListsSlice } from './slices/callLists';
import { createCallLogSearchSlice } from './slices/callLogSearch';
import { createCustomersSlice } from './slices/customers';
import { createFormsSlice } from './slices/forms';
import { createHeadsetSlice } from './slices/headset';
import { createHotkeysSlice } from './slices/hotkeys';
import { createPhoneSlice } from './slices/phone';
import { createScriptSlice } from './slices/script';
import { createSettingsSlice } from './slices/settings';
import { createShiftCheckSlice } from './slices/shiftCheck';
import { createSignInSlice } from './slices/signIn';
import { createQueuesSlice } from './slices/queues';
import { createTopicsSlice } from './slices/topics';
import { createSyncSlice } from './slices/sync';
import { createTrainingSlice } from './slices/training';
import { createWrapUpSlice } from './slices/wrapUp';
import type { AnlaufState } from './types';

export type { AnlaufState } from './types';
export type AnlaufStore = StoreApi<AnlaufState>;

/**
 * The renderer's one store: a mirror of main's state plus the commands that ask main to change it.
 * Slices are combined here, and any middleware would wrap this one combined creator.
 */
export function createAnlaufStore(api: AnlaufApi): AnlaufStore {
  return createStore<AnlaufState>()((...a) => ({
    ...createAppSlice(api)(...a),
    ...createPhoneSlice(api)(...a),
    ...createAgentSlice(api)(...a),
    ...createTrainingSlice(api)(...a),
    ...createCallLogSlice(api)(...a),
    ...createCallLogSearchSlice(api)(...a),
    ...createCallDetailsSlice(api)(...a),
    ...createSyncSlice(api)(...a),
    ...createShiftCheckSlice(api)(...a),
    ...createSettingsSlice(api)(...a),
    ...createHeadsetSlice(api)(...a),
    ...createCallContextSlice(api)(...a),
    ...createCustomersSlice(api)(...a),
    ...createScriptSlice(api)(...a),
    ...createWrapUpSlice(api)(...a),
    ...createFormsSlice(api)(...a),
    ...createCallbacksSlice(api)(...a),
    ...createCallListsSlice(api)(...a),
    ...createColleaguesSlice(api)(...a),
    ...createSignInSlice(api)(...a),
    ...createQueuesSlice(api)(...a),
    ...createTopicsSlice(api)(...a),
    ...createHotkeysSlice(api)(...a),
  }));
}
