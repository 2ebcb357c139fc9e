#!/usr/bin/env node
// Makes sure the programs the tests and the demo run are present, from Debian's packages,
// installed with apt-get when missing and we are root:
// - Chromium, for the e2e tests and the demo (set CHROMIUM_PATH to use another binary);
// - Firefox ESR, for the e2e tests of the Firefox build (tests/e2e/firefox.test.ts; FIREFOX_PATH);
// - rclone, the real WebDAV server the sync tests start on loopback (`node scripts/ensure-tools.mjs chromium`
//   asks for Chromium only, as the demo does).
import { existsSync } from 'node:fs';
import { execSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

const chromium = () => CANDIDATES.find((p) => existsSync(p));
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const firefox = () => [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => p && existsSync(p));

/** Each tool: how to find it, its Debian package, what to tell a user who is not root. */
const TOOLS = {
  chromium: { found: chromium, pkg: 'chromium', hint: 'sudo apt-get install -y chromium (or set CHROMIUM_PATH)' },
  firefox: { found: firefox, pkg: 'firefox-esr', hint: 'sudo apt-get install -y firefox-esr (or set FIREFOX_PATH)' },
  rclone: { found: () => (onPath('rclone') ? 'rclone' : undefined), pkg: 'rclone', hint: 'sudo apt-get install -y rclone' },
};

function ensure(names) {
  const missing = names.filter((n) => !TOOLS[n].found());
  if (missing.length) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot) {
      for (const n of missing) console.error(`${n} is missing. Install it with: ${TOOLS[n].hint}.`);
      process.exit(1);
    }
    const pkgs = missing.map((n) => TOOLS[n].pkg);
    console.log(`Installing Debian packages: ${pkgs.join(' ')} (apt-get)…`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs.join(' ')} >/dev/null`, {
      stdio: 'inherit',
      shell: '/bin/bash',
    });
    const still = missing.filter((n) => !TOOLS[n].found());
    if (still.length) {
      console.error(`apt-get finished but these are still missing: ${still.join(', ')}.`);
      process.exit(1);
    }
  }
  for (const n of names) console.log(`${n}: ${TOOLS[n].found()}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const asked = process.argv.slice(2).filter((a) => a in TOOLS);
  ensure(asked.length ? asked : Object.keys(TOOLS));
}
