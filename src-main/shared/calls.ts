/**
 * The closed lists of a call's direction and end cause. The contract's schemas are built from
 * them, and the renderer offers them as the call log's filters, so a new cause cannot be missing
 * from either.
 */
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const END_CAUSES = ['completed', 'missed', 'rejected', 'unanswered', 'transferred', 'failed'] as const;
