/**
 * vitest setupFiles: loads every architecture plug-in before a test file runs.
 * The registry loads arm64 and riscv on first use (src/arch/index.ts), which
 * the CLI's async edges do; tests call composeScenario and parseScenario
 * synchronously, so they find every plug-in loaded. test/arch/lazy-arches
 * checks the unloaded path in a process of its own.
 */
import { loadArches } from '../src/arch/index.js';

await loadArches();
