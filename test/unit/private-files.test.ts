import { describe, expect, it } from 'vitest';
import { windowsAclArgs } from '../../src-main/core/files/private-files';

// Windows cannot run here; this pins what the data folder's access list is set to there.
describe('the Windows access list of the data folder', () => {
  it('drops inherited entries and grants the signed-in user and SYSTEM only, inherited by everything inside', () => {
    expect(windowsAclArgs('C:\\Users\\anna\\AppData\\Roaming\\Anlauf', { USERDOMAIN: 'CALLCENTER', USERNAME: 'anna' }, 'ignored')).toEqual([
      'C:\\Users\\anna\\AppData\\Roaming\\Anlauf',
      '/inheritance:r',
      '/grant:r',
      'CALLCENTER\\anna:(OI)(CI)F',
      '/grant:r',
      '*S-1-5-18:(OI)(CI)F',
      '/Q',
    ]);
    expect(windowsAclArgs('D:\\Anlauf', {}, 'anna')[3]).toBe('anna:(OI)(CI)F');
  });
});
