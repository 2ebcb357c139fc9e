import { defineConfig } from 'vitest/config';
import { siteNamesDefine } from './lib/sites/registry';

export default defineConfig({
  // The sites' names and hosts, as the build defines them (lib/site-names.ts, lib/sites/hosts.ts):
  // tests decode sync items with the extension's own codec.
  define: siteNamesDefine(),
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
