// Run by scripts/bundle.mjs in a child process: loads the bundle through the
// launcher, runs the commands users run most (their output is discarded by
// the parent), then writes each file's V8 code cache beside it. A cache holds
// the functions compiled so far, so the warm-up decides what a cold start
// finds compiled. Argument: the scenario to replay.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const launcher = require('../bin/bootreplay.js');

async function warm(scenario) {
  const { main } = launcher.load('bootreplay.cjs');
  const argv = (...args) => [process.execPath, 'bootreplay', ...args];
  await main(argv('run', scenario));
  await main(argv('run', scenario, '--format', 'json'));
  await main(argv('--help'));
  for (const [name, { script }] of launcher.loaded) {
    writeFileSync(join(__dirname, '..', 'dist', `${name}.cache`), script.createCachedData());
  }
}

warm(process.argv[2]).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
