import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The built-in model and dense index are built once for the whole run (see tests/global-setup.ts).
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: two test files at a time keeps each one's timing sane.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
