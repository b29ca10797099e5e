/** The `crm` settings section lives in the contract (zod only); core code imports it from here. */
export { crmMappingSchema, crmSettingsSchema, fieldPath, listOf, type CrmMapping, type CrmSettings } from '../../contract/clients';
