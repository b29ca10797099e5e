import { describe, expect, it } from 'vitest';
import type { DispositionSetting } from '../../../src-main/contract';
import { choosable, dispositionForKey, dispositionTree, findDisposition, groupHolds } from '../../../src-main/shared/dispositions';

const settings: DispositionSetting[] = [
  { code: 'sale', hotkey: '2' },
  { code: 'no contact', label: 'No contact', notSurveyed: true, children: ['busy', { code: 'mailbox', hotkey: 'm' }, { code: 'later', callback: true }] },
  'refused',
];

describe('the disposition tree both sides use', () => {
  it('labels every code and gives free digits to the choosable ones in reading order; a group passes its kind on', () => {
    const tree = dispositionTree(settings);
    expect(tree.map((item) => [item.code, item.label, item.hotkey])).toEqual([
      ['sale', 'Sale', '2'],
      ['no contact', 'No contact', null],
      ['refused', 'Refused', '4'],
    ]);
    expect(tree[1]!.children.map((item) => [item.code, item.hotkey, item.notSurveyed, item.callback])).toEqual([
      ['busy', '1', true, false],
      ['mailbox', 'm', true, false],
      ['later', '3', true, true],
    ]);
  });

  it('lists the choosable codes with their label path and finds a code without case or spaces', () => {
    const tree = dispositionTree(settings);
    expect(choosable(tree).map((item) => item.path)).toEqual(['Sale', 'No contact › Busy', 'No contact › Mailbox', 'No contact › Later', 'Refused']);
    expect(findDisposition(tree, ' MAILBOX ')?.path).toBe('No contact › Mailbox');
    expect(findDisposition(tree, 'no contact')).toBeUndefined();
    expect(findDisposition(tree, null)).toBeUndefined();
  });

  it('picks the code of a hotkey and knows which group holds a code', () => {
    const tree = dispositionTree(settings);
    expect(dispositionForKey(tree, 'M')?.code).toBe('mailbox');
    expect(dispositionForKey(tree, '4')?.code).toBe('refused');
    expect(dispositionForKey(tree, 'Escape')).toBeUndefined();
    expect(groupHolds(tree[1]!, 'later')).toBe(true);
    expect(groupHolds(tree[1]!, 'sale')).toBe(false);
    expect(groupHolds(tree[1]!, null)).toBe(false);
  });
});
