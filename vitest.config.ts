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
    setupFiles: ['test/setup-arches.ts'],
  },
});
