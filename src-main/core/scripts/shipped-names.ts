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

/**
 * The ids of the shipped forms (resources/forms), which the sample scripts offer (`form:`). A
 * script naming one is not warned about where it is not loaded: the samples must load without
 * warnings on a desk left at its defaults, and the agent who clicks it there is told the form is
 * not loaded on this workstation. A test keeps the list in step with the folder.
 */
export const SAMPLE_FORMS: readonly string[] = ['cancellation', 'contract-change', 'fault-report', 'new-contract'];
