/**
 * The build-time constants the bundler defines (wxt.config.ts, vitest.config.ts: siteNamesDefine),
 * set as globals for benches that run lib/ code directly under tsx. Import it before any lib/ module.
 */
import { siteNamesDefine } from '../../lib/sites/registry';

for (const [name, json] of Object.entries(siteNamesDefine())) (globalThis as Record<string, unknown>)[name] = JSON.parse(json);
