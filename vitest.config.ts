import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['specs/**/*.spec.ts', 'marbles/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Regenerates lib/sql/grammar/parser.generated.cjs when the grammar changed (fast when not).
    globalSetup: ['scripts/build-parser.mjs'],
  },
});
