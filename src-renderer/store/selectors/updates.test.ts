import { describe, expect, it } from 'vitest';
import type { UpdatesView } from '../../../src-main/contract';
import { makeSnapshot, T0 } from '../../test/fixtures';
import { updateStatusText } from './updates';

const view = (change: Partial<UpdatesView>): UpdatesView => ({ ...makeSnapshot().updates, state: 'idle', ...change });

describe('updateStatusText', () => {
  it('names the first thing a ready update waits for', () => {
    expect(updateStatusText(view({ state: 'ready', version: '1.5.0', waitingFor: ['call', 'wrapUp', 'outbox'] }))).toEqual({
      key: 'readyAfterCall',
      version: '1.5.0',
    });
    expect(updateStatusText(view({ state: 'ready', version: '1.5.0', waitingFor: ['wrapUp', 'outbox'] }))).toEqual({
      key: 'readyAfterWrapUp',
      version: '1.5.0',
    });
    expect(updateStatusText(view({ state: 'ready', version: '1.5.0', waitingFor: ['outbox'] }))).toEqual({ key: 'readyAfterDelivery', version: '1.5.0' });
  });

  it('says what the last check found, and nothing it does not know', () => {
    expect(updateStatusText(view({}))).toEqual({ key: 'notChecked' });
    expect(updateStatusText(view({ lastCheck: { at: T0, outcome: 'found', latest: '1.5.0', error: null } }))).toEqual({ key: 'upToDate', at: T0 });
    expect(updateStatusText(view({ lastCheck: { at: T0, outcome: 'failed', latest: null, error: null } }))).toEqual({ key: 'failed', error: null });
    expect(updateStatusText(view({ state: 'restarting', version: '1.5.0', installAt: null }))).toEqual({ key: 'installing', version: '1.5.0' });
    expect(updateStatusText(view({ state: 'off' }))).toEqual({ key: 'off' });
  });
});
