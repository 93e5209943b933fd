#!/usr/bin/env node
// Launcher. CommonJS (bin/package.json says so): node then never starts its
// ESM loader, which alone costs about a tenth of a cold start.
//
// It runs the bundled program, dist/bootreplay.cjs (built by `npm run
// build`), through vm.Script with the V8 code cache the build made for it,
// so a cold start skips most parsing and compiling; the entry's
// `require('./engine.cjs')` (the code behind the commands) is loaded the
// same way, only when a command runs, and so is the engine's
// `require('./arch-<id>.cjs')`, only when a scenario names that architecture. Without a usable cache V8 simply
// compiles as usual. Each file is already the function expression of a
// CommonJS wrapper (the build writes it), so V8 compiles the text as read.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
/** file name → its vm.Script and exports (the build's warm-up writes each script's code cache) */
const loaded = new Map();

function load(name) {
  const known = loaded.get(name);
  if (known !== undefined) return known.exports;
  const file = join(dist, name);
  let source;
  try {
    source = readFileSync(file, 'latin1');
  } catch {
    process.stderr.write(`bootreplay: ${file} is missing; run \`npm run build\` first\n`);
    process.exit(2);
  }
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(source, { filename: file, cachedData });
  const mod = { exports: {} };
  loaded.set(name, { script, exports: mod.exports });
  const nodeRequire = createRequire(file);
  // ./engine.cjs and ./arch-<id>.cjs: the other files of the bundle, loaded the same way
  const chunkRequire = (id) => (/^\.\/[a-z0-9_-]+\.cjs$/.test(id) ? load(id.slice(2)) : nodeRequire(id));
  script.runInThisContext()(mod.exports, chunkRequire, mod, file, dist);
  loaded.get(name).exports = mod.exports;
  return mod.exports;
}

if (require.main === module) {
  load('bootreplay.cjs').main(process.argv).then((code) => { process.exitCode = code; });
} else {
  module.exports = { load, loaded };
}
