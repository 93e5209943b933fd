// Builds the program users run (DESIGN §8: a cold `bootreplay run` should
// cost little more than starting node):
//
//   dist/bootreplay.cjs        entry: argv, commander, help (src/cli/main.ts)
//   dist/engine.cjs            everything behind the commands (src/cli/engine.ts)
//   dist/*.cjs.cache           a V8 code cache for each
//
// bin/bootreplay.js (CommonJS, so node never starts its ESM loader) runs the
// entry through vm.Script with its cache, and loads the engine the same way
// when a command asks for it. On Node 20 there is no module compile cache,
// and compiling the JavaScript is most of a cold start.
//
// - Two files, two caches: `--help` reads and deserializes only the entry
//   (commander and main); `run` adds the engine. A cache holds the code the
//   warm-up compiled, so each is warmed with the commands that use it.
// - CommonJS, no code splitting: dynamic import()s inside each file become
//   lazy initializers, so a command evaluates only the modules it uses.
// - yaml's ESM build instead of its CommonJS one: esbuild tree-shakes it.
// - commander's `require('node:child_process')` (for executable subcommands,
//   which bootreplay does not have) is replaced by a stub: loading
//   child_process pulls in net, dgram and the stream modules at start-up.
// - The caches are produced in a child process (scripts/warm-code-cache.cjs)
//   that runs real commands, its output discarded: a shipped scenario of each
//   architecture (x86 in the formats CI uses most), a diff of two (one of them
//   extends + patch, so composing is compiled too), and `--help`.
//   A cache from another node version is rejected by V8 and the program
//   compiles as usual.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const at = (p) => fileURLToPath(new URL(p, root));
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: at('node_modules/yaml/browser/index.js') }));
  },
};

/** commander's child_process, for executable subcommands only: a stub that says so if ever used. */
const noChildProcess = {
  name: 'no-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'const no = () => { throw new Error("bootreplay has no executable subcommands"); }; module.exports = { spawn: no, execFileSync: no };',
      loader: 'js',
    }));
  },
};

/** main.ts reaches the engine through `import('./engine.js')`: in the bundle that is the other file. */
const engineExternal = {
  name: 'engine-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/engine\.js$/ }, (args) => (args.importer.endsWith('main.ts') ? { path: './engine.cjs', external: true } : undefined));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // BOOTREPLAY_MINIFY=0 npm run build: readable names in --cpu-prof profiles
  minify: process.env.BOOTREPLAY_MINIFY !== '0',
  legalComments: 'none',
  supported: { 'dynamic-import': false },
  define: { BOOTREPLAY_VERSION: JSON.stringify(pkg.version), BOOTREPLAY_HOMEPAGE: JSON.stringify(pkg.homepage ?? '') },
  // version.ts reads package.json through import.meta only when the version
  // was not inlined, which in this bundle it always is
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
};

await build({ ...common, entryPoints: [at('src/cli/main.ts')], outfile: at('dist/bootreplay.cjs'), plugins: [yamlEsm, noChildProcess, engineExternal] });
await build({ ...common, entryPoints: [at('src/cli/engine.ts')], outfile: at('dist/engine.cjs'), plugins: [yamlEsm] });

// Warm the code caches with the work users do, in a child whose output is not wanted here.
for (const f of ['dist/bootreplay.cjs.cache', 'dist/engine.cjs.cache']) rmSync(at(f), { force: true });
const warm = spawnSync(process.execPath, [at('scripts/warm-code-cache.cjs')], {
  cwd: fileURLToPath(root),
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
if (warm.status !== 0) throw new Error(`code cache warm-up failed (exit ${warm.status}):\n${warm.stderr}`);
