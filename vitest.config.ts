import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // both cores: the default (cores - 1) runs one file at a time here
    maxWorkers: 2,
    // files share a worker's module cache instead of re-importing lib/ per file (import time 20 s → 5 s);
    // specs must not leave state behind (env stubs are restored, servers closed, nothing global is patched)
    isolate: false,
  },
});
