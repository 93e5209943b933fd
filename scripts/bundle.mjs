// Bundles the CLI into dist/bin/ with esbuild: one file for the program and
// lazily loaded chunks for each command, so a cold `bootreplay run` reads a few
// files instead of ~60 modules (DESIGN §8: cold start close to bare node).
// `--help` never loads the chunk that holds zod and yaml.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  outdir: 'dist/bin',
  chunkNames: 'chunks/[name]-[hash]',
  // commander is CommonJS; an ESM bundle needs a require() for its node: imports
  banner: { js: "import { createRequire as __bootreplayRequire } from 'node:module'; const require = __bootreplayRequire(import.meta.url);" },
  logLevel: 'warning',
});
