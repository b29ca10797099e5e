import { describe, expect, it } from 'vitest';
import { callDirectionSchema, endCauseSchema } from '../../../src-main/contract';
import { CALL_DIRECTIONS, END_CAUSES } from '../../../src-main/shared/calls';

describe("the shared lists of a call's direction and end cause", () => {
  it('are exactly what the contract accepts, so the call log filter offers every cause main records', () => {
    expect(endCauseSchema.options).toEqual([...END_CAUSES]);
    expect(callDirectionSchema.options).toEqual([...CALL_DIRECTIONS]);
    expect(END_CAUSES).toEqual(['completed', 'missed', 'rejected', 'unanswered', 'transferred', 'failed']);
    expect(CALL_DIRECTIONS).toEqual(['inbound', 'outbound']);
  });
});
