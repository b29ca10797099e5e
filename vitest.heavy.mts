import { defineConfig } from 'vitest/config';
import { baseTest, HEAVY_TESTS } from './vitest.config.mjs';

// The heavy tests alone (see vitest.config.mts).
// One file at a time: each needs the machine to itself.
export default defineConfig({ test: { ...baseTest, include: HEAVY_TESTS, fileParallelism: false } });
