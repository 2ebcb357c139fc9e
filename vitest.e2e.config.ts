import { defineConfig } from 'vitest/config';
import { siteNamesDefine } from './lib/sites/registry';

export default defineConfig({
  // The sites' names and hosts, as the build defines them (lib/sites/names.ts, lib/sites/hosts.ts):
  // tests decode sync items with the extension's own codec.
  define: siteNamesDefine(),
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // expect.poll waits on a state; its default (1 s) is a fixed-time budget a busy 2-core machine
    // overruns (the popup still "Checking this page…"). Polls wait up to 20 s for their state.
    expect: { poll: { timeout: 20_000 } },
  },
});
