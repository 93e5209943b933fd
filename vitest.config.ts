import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // yaml's ESM build, as the shipped bundle uses (scripts/bundle.mjs): its node build reads
    // process.env.LOG_TOKENS at every token, which made parsing in tests a third slower
    alias: [{ find: /^yaml$/, replacement: fileURLToPath(new URL('node_modules/yaml/browser/index.js', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // the arm64 and riscv plug-ins load on first use (src/arch/index.ts); tests compose
    // scenarios of every architecture synchronously, so every plug-in is loaded first
    setupFiles: ['test/setup-env.ts', 'test/setup-arches.ts'],
    // one module graph per worker, not per test file: loading it (vite's transform, the plug-ins of
    // setup-arches) cost 49 of the 169 s the in-process tests took, and cold code ran their tests at half
    // speed (35 s without isolation). No test keeps state between files: the ones that chdir or set
    // the environment put it back, and module-level caches are pure memos.
    isolate: false,
    // a worker per CPU, not vitest's default of one fewer (which is one worker on a 2-CPU runner): the CLI
    // tests spend their time waiting for the spawned binary, so one worker left the second CPU idle. The five
    // largest CLI files on the 2-CPU machine, `npx vitest run <files>`: 300 s with one worker, 237 s with
    // --maxWorkers=2
    maxWorkers: '100%',
    // time limits catch hangs, not slowness (speed targets live in `npm run bench`): the CLI tests spawn
    // the built binary, and on a busy 2-CPU runner one spawn of a fix-searching run takes seconds
    testTimeout: 60_000,
  },
});
