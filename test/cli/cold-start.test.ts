/**
 * The structure that keeps a cold start near bare node (the times themselves
 * are measured by `npm run bench`, never here): which of node's own modules
 * a run loads, and which bundle files it reads. A change that brings back
 * process.stdout on a pipe (net, stream), commander's child_process, chalk on
 * a pipe (tty), fs/promises (readline), or makes `--help` read the engine,
 * fails here with the module or file that crept in.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const T = 60_000;
let dir = '';
let hook = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bootreplay-cold-'));
  hook = join(dir, 'hook.cjs');
  // Records node's built-in modules loaded after start-up and the files read (node reads the
  // launcher with readFileSync; the launcher opens the bundle's files and caches with openSync).
  writeFileSync(hook, `
const fs = require('node:fs');
const before = new Set(process.moduleLoadList);
const read = [];
const readFileSync = fs.readFileSync;
fs.readFileSync = function (p, ...rest) { read.push(String(p)); return readFileSync.call(this, p, ...rest); };
const openSync = fs.openSync;
fs.openSync = function (p, ...rest) { read.push(String(p)); return openSync.call(this, p, ...rest); };
process.on('exit', () => {
  const loaded = process.moduleLoadList.filter((m) => !before.has(m)).map((m) => m.replace(/^(NativeModule|Internal Binding) /, ''));
  fs.writeSync(2, '\\n' + JSON.stringify({ loaded, read }) + '\\n');
});
`);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI with stdout and stderr on pipes, as CI and the bench do, or stdout on /dev/null. */
function startUp(args: readonly string[], stdout: 'pipe' | number = 'pipe'): { loaded: string[]; read: string[] } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['-r', hook, 'bin/bootreplay.js', ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'] });
  const last = r.stderr.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as { loaded: string[]; read: string[] };
}

const HEAVY = ['child_process', 'net', 'stream', 'tty', 'fs/promises', 'internal/fs/promises', 'readline', 'dgram', 'worker_threads'];

describe('a cold start', () => {
  it('--help reads only the entry file and its cache, and loads none of node\'s heavy modules', () => {
    const { loaded, read } = startUp(['--help']);
    expect(read.map((p) => relative(ROOT, p))).toEqual(['bin/bootreplay.js', 'dist/bootreplay.cjs', 'dist/bootreplay.cjs.cache']);
    expect(loaded.filter((m) => HEAVY.includes(m))).toEqual([]);
  }, T);

  it('run reads the entry, the engine and the scenario, and loads none of node\'s heavy modules on a pipe', () => {
    const { loaded, read } = startUp(['run', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml']);
    expect(read.map((p) => relative(ROOT, p))).toEqual(['bin/bootreplay.js', 'dist/bootreplay.cjs', 'dist/bootreplay.cjs.cache', 'dist/engine.cjs', 'dist/engine.cjs.cache', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml']);
    expect(loaded.filter((m) => HEAVY.includes(m))).toEqual([]);
  }, T);

  // /dev/null is a character device, as a terminal is: telling them apart must not load node:tty
  it.runIf(existsSync('/dev/null'))('run and --help with stdout on /dev/null load none of node\'s heavy modules', () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      for (const args of [['run', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml'], ['--help']]) {
        expect(startUp(args, devNull).loaded.filter((m) => HEAVY.includes(m)), args.join(' ')).toEqual([]);
      }
    } finally {
      closeSync(devNull);
    }
  }, T);

  // the registry has each architecture's config:/machine: keys without its model (arch-hints.ts)
  it('an x86_32 file with an arm64 key is told so without reading the arm64 or riscv model', () => {
    const file = join(dir, 'va-bits.yaml');
    writeFileSync(file, 'kernel: 2.6.27-rc1\nconfig: {va_bits: 39, kasan: true}\nsetup_arch: [early_ioremap_init]\n');
    const { read } = startUp(['run', file]);
    expect(read.map((p) => relative(ROOT, p)).filter((p) => p.startsWith('dist/'))).toEqual(['dist/bootreplay.cjs', 'dist/bootreplay.cjs.cache', 'dist/engine.cjs', 'dist/engine.cjs.cache']);
  }, T);
});
