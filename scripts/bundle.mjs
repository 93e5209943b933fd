// Builds the program users run (DESIGN §8: a cold `bootreplay run` should
// cost little more than starting node):
//
//   dist/bootreplay.cjs        entry: argv, commander, help (src/cli/main.ts)
//   dist/engine.cjs            everything behind the commands (src/cli/engine.ts)
//   dist/arch-<id>.cjs         each architecture but the default (src/arch/<id>/),
//                              loaded when a scenario names it (src/arch/index.ts)
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
// - The lazily loaded architectures are split by hand: the engine leaves
//   their `import('./<id>/plugin.js')` to the launcher (./arch-<id>.cjs), and
//   each arch file takes every module outside its own folder (zod, units,
//   the generic rules, ...) from the engine's `__shared` table, so there is
//   one instance of each. The table is computed from esbuild's metafile, not
//   listed by hand. An x86_32 run then neither reads nor evaluates the arm64
//   and riscv models (a quarter of the engine's code and cache).
// - yaml's ESM build instead of its CommonJS one: esbuild tree-shakes it;
//   jsonc-parser's too (its UMD "main" cannot be bundled at all).
// - commander's `require('node:child_process')` (for executable subcommands,
//   which bootreplay does not have) is replaced by a stub: loading
//   child_process pulls in net, dgram and the stream modules at start-up.
// - The caches are produced in child processes (scripts/warm-code-cache.cjs)
//   that run real commands, their output discarded: the entry and the engine
//   by an x86_32 `run` and `--help`, each architecture's file by a run of its
//   own scenario, each in a process of its own (a cache holds everything
//   compiled when it is made, and every start deserializes all of it).
//   A cache from another node version is rejected by V8 and the program
//   compiles as usual.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const at = (p) => fileURLToPath(new URL(p, root));
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: at('node_modules/yaml/browser/index.js') }));
    // jsonc-parser's "main" is a UMD build whose wrapper hides its require('./impl/…') from esbuild
    b.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: at('node_modules/jsonc-parser/lib/esm/main.js'), sideEffects: false }));
    // Its modules only define things, but its package.json does not say so (no "sideEffects"):
    // without this esbuild keeps and runs the formatter's string-intern.js, 1,200 strings built on
    // every start (a quarter of the young generation a cold run has before its first scavenge).
    b.onResolve({ filter: /^\.\/impl\// }, (args) => (/[\\/]jsonc-parser[\\/]/.test(args.importer)
      ? { path: join(args.resolveDir, `${args.path}.js`), sideEffects: false }
      : undefined));
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

/**
 * commander's `require('node:process')`: the global itself. Loading the public module
 * costs about 0.1 ms of every cold start, `--help` included, for the object node
 * already has.
 */
const processGlobal = {
  name: 'process-global',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, (args) =>
      (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'process', namespace: 'process-global' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'process-global' }, () => ({ contents: 'module.exports = process;', loader: 'js' }));
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
  // non-ASCII is escaped: bin/bootreplay.js reads the files as latin1, which is cheaper than decoding UTF-8
  charset: 'ascii',
  supported: { 'dynamic-import': false },
  define: { BOOTREPLAY_VERSION: JSON.stringify(pkg.version), BOOTREPLAY_HOMEPAGE: JSON.stringify(pkg.homepage ?? '') },
  // version.ts reads package.json through import.meta only when the version
  // was not inlined, which in this bundle it always is
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
  // The launcher compiles each file as the body of a CommonJS wrapper; written into the file,
  // V8 gets the text as read (no concatenated copy of half a megabyte to flatten first).
  banner: { js: '// One file of the bundle: a CommonJS wrapper function, run by bin/bootreplay.js (vm.Script with its code cache); require() of it gets nothing.\n(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
};

await build({ ...common, entryPoints: [at('src/cli/main.ts')], outfile: at('dist/bootreplay.cjs'), plugins: [yamlEsm, noChildProcess, processGlobal, engineExternal] });
/** The architectures src/arch/index.ts loads with import() (every one but the default): read from it, not listed again here. */
const LAZY_ARCHES = [...readFileSync(at('src/arch/index.ts'), 'utf8').matchAll(/import\('\.\/([a-z0-9_]+)\/plugin\.js'\)/g)].map((m) => m[1]);
if (LAZY_ARCHES.length === 0) throw new Error('src/arch/index.ts imports no architecture lazily: the bundle split has nothing to split');
const archDir = (id) => at(`src/arch/${id}/`);
const srcDir = at('src/');

/**
 * What a lazy architecture imports from outside its folder, as keys of the
 * engine's `__shared` table: a path under src/ (`src/units.ts`) or a package
 * specifier (`zod/mini`).
 */
async function sharedImports(id) {
  const r = await build({ ...common, entryPoints: [at(`src/arch/${id}/plugin.ts`)], write: false, metafile: true, outfile: at(`dist/arch-${id}.cjs`), logLevel: 'silent' });
  const keys = new Set();
  for (const [input, info] of Object.entries(r.metafile.inputs)) {
    const abs = fileURLToPath(new URL(input, root));
    if (!abs.startsWith(archDir(id))) continue;
    for (const imp of info.imports) {
      if (imp.external) continue;
      const target = fileURLToPath(new URL(imp.path, root));
      if (target.startsWith(archDir(id))) continue;
      if (target.startsWith(srcDir)) keys.add(`src/${target.slice(srcDir.length)}`);
      else if (/^[a-z@]/.test(imp.original)) keys.add(imp.original);
      else throw new Error(`arch-${id}: unexpected import ${imp.original} of ${input}`);
    }
  }
  return [...keys].sort();
}

const shared = [...new Set((await Promise.all(LAZY_ARCHES.map(sharedImports))).flat())].sort();

/**
 * The names the lazy architectures use of each shared package: the engine
 * shares only those (a whole namespace would keep all of zod, locales and
 * all, out of tree shaking). Read from the sources: `import * as z from
 * 'zod/mini'` then `z.name`, or `import { name } from '...'`; only names the
 * package exports at run time (z.output is a type).
 */
async function packageNames(pkg) {
  const exported = new Set(Object.keys(await import(pkg)));
  const names = new Set();
  const quoted = pkg.replace(/[/.]/g, (c) => `\\${c}`);
  for (const id of LAZY_ARCHES) {
    for (const file of readdirSync(archDir(id), { recursive: true }).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(archDir(id), file), 'utf8');
      for (const m of text.matchAll(new RegExp(`import \\* as (\\w+) from '${quoted}'`, 'g'))) {
        for (const use of text.matchAll(new RegExp(`\\b${m[1]}\\.([A-Za-z_$][\\w$]*)`, 'g'))) names.add(use[1]);
      }
      for (const m of text.matchAll(new RegExp(`import \\{([^}]*)\\} from '${quoted}'`, 'g'))) {
        for (const part of m[1].split(',')) {
          const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
          if (name !== '' && !part.trim().startsWith('type ')) names.add(name);
        }
      }
    }
  }
  return [...names].filter((n) => exported.has(n)).sort();
}

const sharedValue = async (key, i) => {
  if (key.startsWith('src/')) return { imports: [`import * as shared${i} from ${JSON.stringify(at(key))};`], value: `shared${i}` };
  const names = await packageNames(key);
  return {
    imports: [`import { ${names.map((n) => `${n} as shared${i}_${n}`).join(', ')} } from ${JSON.stringify(key)};`],
    value: `{ ${names.map((n) => `${n}: shared${i}_${n}`).join(', ')} }`,
  };
};
const sharedValues = await Promise.all(shared.map(sharedValue));

/** The engine leaves each lazy architecture's plug-in to its own file. */
const archExternal = {
  name: 'arch-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z0-9_]+\/plugin\.js$/ }, (args) => {
      const id = args.path.slice(2, -'/plugin.js'.length);
      return args.importer === at('src/arch/index.ts') && LAZY_ARCHES.includes(id) ? { path: `./arch-${id}.cjs`, external: true } : undefined;
    });
  },
};

/** An architecture's imports from outside its folder come from the engine's table. */
const fromEngine = (id) => ({
  name: 'from-engine',
  setup(b) {
    b.onResolve({ filter: /^\.\/engine\.cjs$/ }, (args) => (args.namespace === 'engine-shared' ? { path: './engine.cjs', external: true } : undefined));
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || args.importer === '' || args.namespace !== 'file') return undefined;
      if (!args.importer.startsWith(archDir(id))) throw new Error(`arch-${id}: ${args.importer} is outside src/arch/${id}`);
      let key;
      if (args.path.startsWith('.')) {
        const target = fileURLToPath(new URL(args.path.replace(/\.js$/, '.ts'), `file://${args.importer}`));
        if (target.startsWith(archDir(id))) return undefined;
        key = `src/${target.slice(srcDir.length)}`;
      } else {
        key = args.path;
      }
      if (!shared.includes(key)) throw new Error(`arch-${id}: ${key} is not in the engine's __shared table`);
      return { path: key, namespace: 'engine-shared' };
    });
    b.onLoad({ filter: /.*/, namespace: 'engine-shared' }, (args) => ({
      contents: `module.exports = require('./engine.cjs').__shared[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
});

const engineEntry = [
  `export * from ${JSON.stringify(at('src/cli/engine.ts'))};`,
  ...sharedValues.flatMap((v) => v.imports),
  `export const __shared = { ${shared.map((key, i) => `${JSON.stringify(key)}: ${sharedValues[i].value}`).join(', ')} };`,
].join('\n');
await build({
  ...common,
  stdin: { contents: engineEntry, resolveDir: at('src/cli'), sourcefile: 'engine-entry.js', loader: 'js' },
  outfile: at('dist/engine.cjs'),
  plugins: [yamlEsm, archExternal],
});
for (const id of LAZY_ARCHES) {
  await build({ ...common, entryPoints: [at(`src/arch/${id}/plugin.ts`)], outfile: at(`dist/arch-${id}.cjs`), plugins: [fromEngine(id)] });
}

// Warm the code caches with the work users do, in a child whose output is not wanted here.
for (const f of ['bootreplay', 'engine', ...LAZY_ARCHES.map((id) => `arch-${id}`)]) rmSync(at(`dist/${f}.cjs.cache`), { force: true });
const warm = spawnSync(process.execPath, [at('scripts/warm-code-cache.cjs')], {
  cwd: fileURLToPath(root),
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
if (warm.status !== 0) throw new Error(`code cache warm-up failed (exit ${warm.status}):\n${warm.stderr}`);
const unwarmed = ['bootreplay', 'engine', ...LAZY_ARCHES.map((id) => `arch-${id}`)].filter((f) => !existsSync(at(`dist/${f}.cjs.cache`)));
if (unwarmed.length > 0) throw new Error(`scripts/warm-code-cache.cjs has no step that writes the cache of ${unwarmed.map((f) => `dist/${f}.cjs`).join(', ')}`);
