import { defineConfig } from 'vitest/config';
import { baseTest, HEAVY_TESTS } from './vitest.config.mjs';

// The heavy tests alone (see vitest.config.mts).
export default defineConfig({ test: { ...baseTest, include: HEAVY_TESTS } });
