import type { AnlaufState } from '../types';

export const selectAppStatus = (state: AnlaufState) => state.app.status;
export const selectNotice = (state: AnlaufState) => state.app.notice;
export const selectAppInfo = (state: AnlaufState) => state.app.info;
export const selectAgentState = (state: AnlaufState) => state.agent.state;
export const selectTrainingView = (state: AnlaufState) => state.training.view;
/** The language the agent chose; `auto` until main has told us. */
export const selectLanguageSetting = (state: AnlaufState) => state.settings.effective?.ui.language ?? 'auto';
