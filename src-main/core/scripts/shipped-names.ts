/**
 * The campaign, client and disposition names the sample scripts in resources/scripts use, for
 * `anlauf scripts validate` without a settings file (see references.ts). Written out rather than
 * read from the samples, so the check needs no resources folder; a test keeps it in step with them.
 */
export const SAMPLE_NAMES: readonly { campaign: string; client: string | null; dispositions: string[] }[] = [
  { campaign: 'sales', client: null, dispositions: ['escalated', 'sale', 'callback', 'no sale'] },
  { campaign: 'support', client: null, dispositions: ['escalated', 'solved'] },
  { campaign: 'survey', client: null, dispositions: ['survey complete', 'not surveyed'] },
];
