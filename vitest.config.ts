import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // the arm64 and riscv plug-ins load on first use (src/arch/index.ts); tests compose
    // scenarios of every architecture synchronously, so every plug-in is loaded first
    setupFiles: ['test/setup-arches.ts'],
  },
});
