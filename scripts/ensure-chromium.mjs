#!/usr/bin/env node
// Makes sure a Chromium for the e2e tests and the demo is present: Debian's package, installed
// with apt-get when missing and we are root. Set CHROMIUM_PATH to use another binary.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

export const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

function found() {
  return CANDIDATES.find((p) => existsSync(p));
}

if (!found()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error('Chromium is missing. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).');
    process.exit(1);
  }
  console.log('Installing Debian Chromium (apt-get install chromium)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', {
    stdio: 'inherit',
    shell: '/bin/bash',
  });
  if (!found()) {
    console.error('apt-get finished but no chromium binary was found.');
    process.exit(1);
  }
}
console.log(`Chromium: ${found()}`);
