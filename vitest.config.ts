import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // both cores: the default (cores - 1) runs one file at a time here
    maxWorkers: 2,
  },
});
