// Runs the bundle bench/run.mjs built from program.mjs as bin/bootreplay.js runs dist/*.cjs:
// vm.Script over the CommonJS wrapper the bundle is, with its V8 code cache; `node launch.cjs
// DIR FILE`. With BENCH_WARM=1 it runs once and then writes that cache (DIR/program.cjs.cache).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const [dir, file] = process.argv.slice(2);
const bundle = join(dir, 'program.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${bundle}.cache`);
} catch {
  // no cache yet (the warm-up run makes it)
}
const script = new Script(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, require, mod, bundle, dir);
process.exitCode = mod.exports.main(file);
if (process.env.BENCH_WARM === '1') writeFileSync(`${bundle}.cache`, script.createCachedData());
