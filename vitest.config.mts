import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Tests that load both cores for most of a minute (importing a million customers) run on their
 * own after the others (`npm run test:heavy`, vitest.heavy.mts), so they cannot starve the
 * timing-sensitive SIP and soak tests running beside them. The network-fault test runs there too:
 * the veth pairs it adds and removes are address changes to every other agent on the machine.
 */
export const HEAVY_TESTS = [
  'test/integration/customers-import-large.test.ts',
  'test/integration/sip-network-faults.test.ts',
  'test/integration/sip-network-faults-relay.test.ts',
  // Installs the production dependency set into a temp copy of the app (npm ci --omit=dev).
  'test/integration/production-deps.test.ts',
];

export const baseTest = {
  environment: 'node' as const,
  pool: 'forks' as const,
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 20_000,
  hookTimeout: 30_000,
  // A worker that dies (a native crash in a module a test loads) is otherwise reported without
  // the file it was running.
  reporters: ['default', './test/support/unfinished-reporter.ts'],
};

export default defineConfig({
  plugins: [react()],
  test: {
    ...baseTest,
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}'],
    exclude: [...HEAVY_TESTS, '**/node_modules/**'],
  },
});
