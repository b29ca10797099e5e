import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';

// The backend team builds from this file; a YAML slip (an unquoted comma in a flow mapping turns
// half a description into a key) makes it a different contract for every tool that reads it.
describe('docs/sync-api.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(path.join(projectRoot, 'docs', 'sync-api.yaml'));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
