#!/usr/bin/env node
// `npm test`: unit tests, then the e2e tests against the built extension in real Chromium (and the
// Firefox build in Firefox ESR).
// Ends with one plain line "N passed, N failed" summing both runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
mkdirSync('test-results', { recursive: true });

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

function vitest(config, out) {
  rmSync(out, { force: true });
  const code = run(bin('vitest'), ['run', '-c', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  let passed = 0;
  let failed = 0;
  try {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.numPassedTests ?? 0;
    failed = (j.numFailedTests ?? 0) + (code !== 0 && !j.numFailedTests ? 1 : 0);
  } catch {
    failed = 1;
  }
  return { code, passed, failed };
}

// Chromium and Firefox (e2e) and rclone (the WebDAV server of the sync tests, unit and e2e) first.
const pre = run('node', ['scripts/ensure-tools.mjs']);
const unit = vitest('vitest.config.ts', 'test-results/unit.json');
let e2e = { code: 1, passed: 0, failed: 1 };
// Both builds: Chromium runs the Chrome one; Firefox ESR runs the Firefox one (tests/e2e/firefox.test.ts),
// which web-ext also lints.
if (pre === 0 && run(bin('wxt'), ['build']) === 0 && run(bin('wxt'), ['build', '-b', 'firefox']) === 0) {
  e2e = vitest('vitest.e2e.config.ts', 'test-results/e2e.json');
} else {
  console.error('Could not prepare the e2e run (Chromium or the extension build failed).');
}
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed;
console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed; e2e: ${e2e.passed} passed, ${e2e.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(unit.code === 0 && e2e.code === 0 && failed === 0 && passed > 0 ? 0 : 1);
