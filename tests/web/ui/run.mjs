// Runs the browser tests with node:test and ends with a plain "N passed, N failed" line. Exits 77
// (ctest: skipped) with the reason when a prerequisite is missing, unless BARO_REQUIRE_BROWSER=1.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const here = dirname(fileURLToPath(import.meta.url));
const missing = [];
if (!existsSync(join(here, 'node_modules', 'playwright-core'))) missing.push(`node_modules (run "npm ci" in ${here})`);
if (!existsSync('/usr/bin/chromium')) missing.push('/usr/bin/chromium (apt-get install -y chromium)');
for (const name of ['BARO_BINARY', 'BARO_UI_FAKES']) {
  if (!process.env[name] || !existsSync(process.env[name])) missing.push(`${name} (path of the built program)`);
}
if (missing.length) {
  // `make test` (and so CI) sets BARO_REQUIRE_BROWSER: there a missing prerequisite is a failure.
  const required = process.env.BARO_REQUIRE_BROWSER === '1';
  console.log(`${required ? 'FAILED' : 'SKIPPED'}: the web page's browser tests need ${missing.join(', ')}`);
  process.exit(required ? 1 : 77);
}

let passed = 0;
let failed = 0;
const stream = run({ files: [join(here, 'page.test.mjs')], concurrency: 1 });
stream.on('test:pass', (event) => {
  if (event.nesting === 0 && !event.skip) passed += 1;
});
stream.on('test:fail', (event) => {
  if (event.nesting === 0) failed += 1;
});
stream.compose(spec).pipe(process.stdout);
stream.on('end', () => {
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
});
