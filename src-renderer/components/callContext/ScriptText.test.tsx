// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptText } from './ScriptText';

afterEach(cleanup);

describe("a script's text", () => {
  it('shows numbered lists as numbered lists, from their first number, and HTML as text', () => {
    const { container } = render(<ScriptText text={'Please have ready:\n3. your **meter** number\n4. your <b>bill</b>\n\n- and *calm*'} />);
    expect(container.innerHTML).toBe(
      '<p>Please have ready:</p><ol start="3"><li>your <strong>meter</strong> number</li><li>your &lt;b&gt;bill&lt;/b&gt;</li></ol><ul><li>and <em>calm</em></li></ul>',
    );
  });
});
