// Builds the program users run: one CommonJS bundle, dist/bootreplay.cjs, plus
// a V8 code cache for it (dist/bootreplay.cjs.cache) that bin/bootreplay.js
// hands to vm.Script. DESIGN §8: a cold `bootreplay run` should cost little
// more than starting node, and on Node 20 (no module compile cache) parsing
// and compiling ~250 KB of JavaScript is most of that cost.
//
// - CommonJS, no code splitting: dynamic import()s become lazy require()s, so
//   `--help` still never evaluates zod or yaml.
// - yaml's ESM build instead of its CommonJS one: esbuild tree-shakes it and
//   needs no CommonJS wrappers for it.
// - The cache is produced here, after one real replay, so it also holds the
//   functions that replay compiled lazily. A cache from another node version
//   is rejected by V8 and the program compiles as usual.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = new URL('..', import.meta.url);
const outfile = fileURLToPath(new URL('dist/bootreplay.cjs', root));
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: fileURLToPath(new URL('node_modules/yaml/browser/index.js', root)) }));
  },
};

await build({
  entryPoints: [fileURLToPath(new URL('src/cli/main.ts', root))],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  outfile,
  supported: { 'dynamic-import': false },
  define: { BOOTREPLAY_VERSION: JSON.stringify(pkg.version), BOOTREPLAY_HOMEPAGE: JSON.stringify(pkg.homepage ?? '') },
  plugins: [yamlEsm],
  // version.ts reads package.json through import.meta only when the version
  // was not inlined, which in this bundle it always is
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
});

// Warm the code cache with the work a user does: replay a shipped scenario of
// each architecture (x86 in the formats CI uses most), and diff two (one of
// them extends + patch, so composing is compiled too).
rmSync(`${outfile}.cache`, { force: true });
const script = new Script(Module.wrap(readFileSync(outfile, 'utf8')), { filename: outfile });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(outfile), mod, outfile, dirname(outfile));
const write = process.stdout.write;
process.stdout.write = () => true; // the warm-up's report is not wanted here
try {
  const rc1 = fileURLToPath(new URL('scenarios/x86_32/2.6.27-rc1-vmi.yaml', root));
  for (const format of ['text', 'sarif', 'html']) await mod.exports.main([process.execPath, 'bootreplay', 'run', rc1, '--format', format]);
  await mod.exports.main([process.execPath, 'bootreplay', 'run', fileURLToPath(new URL('scenarios/riscv/v5.14-free-initmem-alias.yaml', root))]);
  await mod.exports.main([process.execPath, 'bootreplay', 'diff', rc1, fileURLToPath(new URL('scenarios/x86_32/variants/2.6.27-rc3-fix.yaml', root))]);
} finally {
  process.stdout.write = write;
}
writeFileSync(`${outfile}.cache`, script.createCachedData());
