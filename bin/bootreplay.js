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
const { closeSync, fstatSync, openSync, readSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
/** file name → its vm.Script and exports (the build's warm-up writes each script's code cache) */
const loaded = new Map();
/**
 * One buffer every file of the bundle and every code cache is read into, grown when a file is larger.
 * Why: on a VM where first touching a page is slow (this project's machine: about 3 ms per MiB), a
 * fresh buffer per file paid for the entry, the engine's source and its cache separately; reusing
 * the pages already touched saves about 2 ms of a cold `run` (V8 copies the source into a string and
 * deserializes the cache before the buffer is used again). It is grown once per file of the bundle,
 * to the larger of the file and its cache: grown for the engine's source (0.9 MB) and then again for
 * its cache (1.2 MB), the source's pages were touched for nothing.
 */
let scratch = Buffer.allocUnsafeSlow(0);

/** The size of a file in bytes, or 0 when it cannot be read. */
function sizeOf(file) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Reads the whole file into `scratch` and returns its length in bytes, or -1 when it cannot be read.
 * `atLeast`: the size `scratch` is grown to at least, if it grows (bytes).
 */
function readWhole(file, atLeast = 0) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return -1;
  }
  try {
    const size = fstatSync(fd).size;
    if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, atLeast));
    let got = 0;
    for (let n = -1; got < size && n !== 0; got += n) n = readSync(fd, scratch, got, size - got, got);
    return got;
  } catch {
    return -1;
  } finally {
    closeSync(fd);
  }
}

function load(name) {
  const known = loaded.get(name);
  if (known !== undefined) return known.exports;
  const file = join(dist, name);
  const length = readWhole(file, sizeOf(`${file}.cache`));
  if (length < 0) {
    process.stderr.write(`bootreplay: ${file} is missing; run \`npm run build\` first\n`);
    process.exit(2);
  }
  const source = scratch.latin1Slice(0, length);
  const cacheLength = readWhole(`${file}.cache`);
  const cachedData = cacheLength < 0 ? undefined : scratch.subarray(0, cacheLength);
  const script = new Script(source, { filename: file, cachedData });
  const mod = { exports: {} };
  loaded.set(name, { script, exports: mod.exports });
  // ./engine.cjs and ./arch-<id>.cjs: the other files of the bundle, loaded the same way; anything else
  // is one of node's own modules (the bundle has every package inside it), which this file's require()
  // gets as well as one made for dist/ would: createRequire() cost loading node:module, 0.25 ms of a cold start
  const chunkRequire = (id) => (/^\.\/[a-z0-9_-]+\.cjs$/.test(id) ? load(id.slice(2)) : require(id));
  script.runInThisContext()(mod.exports, chunkRequire, mod, file, dist);
  loaded.get(name).exports = mod.exports;
  return mod.exports;
}

if (require.main === module) {
  load('bootreplay.cjs').main(process.argv).then((code) => { process.exitCode = code; });
} else {
  module.exports = { load, loaded };
}
