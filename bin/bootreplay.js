#!/usr/bin/env node
// Launcher: runs the bundled program (dist/bootreplay.cjs, built by
// `npm run build`) with the V8 code cache the build made for it, so a cold
// start skips most parsing and compiling. Without a usable cache V8 simply
// compiles the bundle as usual.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const file = fileURLToPath(new URL('../dist/bootreplay.cjs', import.meta.url));
let source;
try {
  source = readFileSync(file, 'utf8');
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
const script = new Script(Module.wrap(source), { filename: file, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
process.exitCode = await mod.exports.main(process.argv);
