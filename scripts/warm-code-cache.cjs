// Run by scripts/bundle.mjs in a child process: loads the bundle through the
// launcher, runs the commands users run most (their output is discarded by
// the parent), then writes each file's V8 code cache beside it. A cache holds
// the functions compiled so far, so the warm-up decides what a cold start
// finds compiled: a shipped scenario of each architecture, a diff of two (one
// extends + patch, so composing is compiled too), and --help.
//
// Only the text report: V8 deserializes a whole cache on every start, so
// what the SARIF and HTML runs add (their writers and the verified-fix
// search, 120 KB of the engine's cache) made every `run` and `diff` pay for
// it. Measured (npm run bench's commands, interleaved, 21 runs): run -1.4 ms,
// diff -1.5 ms, run -f sarif +4 ms. Interactive runs and diffs are the
// latency people wait for; a CI job's SARIF run takes seconds anyway.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const launcher = require('../bin/bootreplay.js');

const at = (p) => join(__dirname, '..', p);

async function warm() {
  const { main } = launcher.load('bootreplay.cjs');
  const argv = (...args) => [process.execPath, 'bootreplay', ...args];
  const rc1 = at('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
  await main(argv('run', rc1));
  await main(argv('run', at('scenarios/riscv/v5.14-free-initmem-alias.yaml')));
  await main(argv('run', at('scenarios/arm64/v4.4.yaml')));
  await main(argv('diff', rc1, at('scenarios/x86_32/variants/2.6.27-rc3-fix.yaml')));
  await main(argv('--help'));
  for (const [name, { script }] of launcher.loaded) {
    writeFileSync(join(__dirname, '..', 'dist', `${name}.cache`), script.createCachedData());
  }
}

warm().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
