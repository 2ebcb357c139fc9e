import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { siteNamesDefine } from './lib/sites/registry';

export default defineConfig({
  plugins: [WxtVitest()],
  define: siteNamesDefine(),
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}', 'lib/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
    // Timeouts guard against hangs, not speed (speed lives in the bench): a busy 2-core CI machine
    // runs the IndexedDB-heavy tests several times slower than an idle one.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The reader's stylesheet is imported as a string (`reader.css?inline`): keep its text in tests.
    css: { include: [/lib\/reader\/reader\.css/] },
  },
});
