import { renderAdml, renderAdmx } from './admx';
import { renderMobileconfig, renderPolicyJson } from './examples';
import { policyLeaves } from './leaves';

export { policyLeaves, shapeOf, type PolicyLeaf } from './leaves';
export { withPolicyTable, renderPolicyTable, TABLE_START, TABLE_END } from './docs';
export { policyName, REGISTRY_KEY } from './admx';

/**
 * Every file in resources/policy/, by path from the project's root, made from POLICY_KEYS and the
 * settings schema so the templates never drift from what the workstation reads.
 */
export function renderPolicyTemplates(keys?: Record<string, { en: string; de: string }>): Record<string, string> {
  const leaves = policyLeaves(keys);
  return {
    'resources/policy/anlauf.admx': renderAdmx(leaves),
    'resources/policy/en-US/anlauf.adml': renderAdml(leaves, 'en'),
    'resources/policy/de-DE/anlauf.adml': renderAdml(leaves, 'de'),
    'resources/policy/de.anlauf.workstation.mobileconfig': renderMobileconfig(),
    'resources/policy/policy.example.json': renderPolicyJson(),
  };
}
