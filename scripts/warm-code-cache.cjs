// Run by scripts/bundle.mjs: writes each bundle file's V8 code cache beside it
// by running real commands (their output is discarded by the parent).
//
// A cache holds every function compiled when it is made, and V8 deserializes
// a whole cache on every start whether the command needs it or not. So each
// file is warmed in a process of its own, by the one command that decides its
// cold start, and the other commands compile the rest lazily:
//
// - the entry and the engine: `run` of the x86_32 scenario with the text
//   report, and `--help`. Warmed also with a riscv run, an arm64 run and a
//   diff (as before 2026-12-07), the engine's cache was 1.21 MB instead of
//   1.08 MB, and every cold start paid for it: measured with `perf stat -r 11
//   -e page-faults` on each command, run 4,743 → 4,578 faults, diff 5,370 →
//   5,264, riscv run 4,764 → 4,764, arm64 run 4,881 → 4,899, --help the same.
//   Not SARIF or HTML either: their writers and the verified-fix search made
//   every run and diff pay about 1.5 ms (c04033a7).
// - each lazily loaded architecture: a run of its own shipped scenario, in a
//   process that reads the entry and the engine with the caches just written
//   and writes only its own.
//
// Without arguments this is the parent: it runs each step in a child, in
// order (the architectures' steps need the engine's cache). With a step
// number it is that child.
'use strict';
const { spawnSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const at = (p) => join(__dirname, '..', p);
const rc1 = 'scenarios/x86_32/2.6.27-rc1-vmi.yaml';

/** Each step: the bundle files whose caches it writes, and the commands (argv after `bootreplay`) that warm them. */
const STEPS = [
  { writes: ['bootreplay.cjs', 'engine.cjs'], commands: [['run', at(rc1)], ['--help']] },
  { writes: ['arch-riscv.cjs'], commands: [['run', at('scenarios/riscv/v5.14-free-initmem-alias.yaml')]] },
  { writes: ['arch-arm64.cjs'], commands: [['run', at('scenarios/arm64/v4.4.yaml')]] },
];

async function warm(step) {
  const launcher = require('../bin/bootreplay.js');
  const { main } = launcher.load('bootreplay.cjs');
  for (const args of step.commands) await main([process.execPath, 'bootreplay', ...args]);
  for (const name of step.writes) {
    const file = launcher.loaded.get(name);
    if (file === undefined) throw new Error(`warming ${name}: the commands ${JSON.stringify(step.commands)} did not load it`);
    writeFileSync(at(`dist/${name}.cache`), file.script.createCachedData());
  }
}

function parent() {
  for (let i = 0; i < STEPS.length; i++) {
    const r = spawnSync(process.execPath, [__filename, String(i)], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`code cache warm-up step ${i} (${STEPS[i].writes.join(', ')}) failed (exit ${r.status}):\n${r.stderr}`);
  }
}

const stepArg = process.argv[2];
const done = stepArg === undefined ? Promise.resolve().then(parent) : warm(STEPS[Number(stepArg)]);
done.catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
