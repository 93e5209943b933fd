/**
 * The arm64 and riscv plug-ins load on first use (src/arch/index.ts), and in
 * the bundle each is a file of its own (scripts/bundle.mjs). These run in
 * processes of their own: vitest's setup file (test/setup-arches.ts) loads
 * every plug-in, so the unloaded path cannot be seen in this one.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ARM64_TEXT = 'arch: arm64\\nkernel: v4.4\\nsetup_arch:\\n  - early_fixmap_init\\n';

describe('architectures loaded on first use', () => {
  it('composeScenario names a known architecture that is not loaded; composeLoading loads it and composes', () => {
    const script = `
      const { composeScenario, composeLoading } = await import('./dist/scenario/compose/compose.js');
      const { archById } = await import('./dist/arch/index.js');
      const { memoryReader } = await import('./dist/scenario/compose/reader.js');
      const compose = () => composeScenario('${ARM64_TEXT}', 'a.yaml', memoryReader({}));
      const first = compose();
      const before = archById('arm64') === undefined;
      const second = await composeLoading(compose);
      console.log(JSON.stringify({ before, first: { ok: first.ok, unloadedArch: first.unloadedArch, problems: first.problems }, second: { ok: second.ok, arch: second.ok ? second.plugin.id : undefined }, after: archById('arm64')?.id }));
    `;
    const r = node(['--input-type=module', '-e', script]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { before: boolean; first: { ok: boolean; unloadedArch: string; problems: { message: string }[] }; second: { ok: boolean; arch: string }; after: string };
    expect(out.before).toBe(true);
    expect(out.first.ok).toBe(false);
    expect(out.first.unloadedArch).toBe('arm64');
    // a caller that forgets to load still reports something, never an empty failure
    expect(out.first.problems[0]?.message).toMatch(/internal: the arm64 plug-in is not loaded/);
    expect(out.second).toEqual({ ok: true, arch: 'arm64' });
    expect(out.after).toBe('arm64');
  });

  it('composeLoading goes on from what the first composition read: the same variants as a composition afresh', () => {
    const script = `
      const { composeScenario, composeLoading } = await import('./dist/scenario/compose/compose.js');
      const { memoryReader } = await import('./dist/scenario/compose/reader.js');
      const files = { 'base.yaml': 'arch: arm64\\nkernel: v4.4\\nsetup_arch:\\n  - early_fixmap_init\\n  - paging_init\\n' };
      const text = 'extends: base.yaml\\nmatrix:\\n  machine.memory: [1GiB, 2GiB]\\n';
      let calls = 0;
      let reads = 0;
      const mem = memoryReader(files);
      const reader = { ...mem, read: (name) => { reads++; return mem.read(name); } };
      const resumed = await composeLoading((resume) => { calls++; return composeScenario(text, 'a.yaml', reader, undefined, undefined, resume); });
      const fresh = composeScenario(text, 'a.yaml', memoryReader(files));
      const shown = (r) => JSON.stringify(r.ok ? r.variants : r.problems, (_, v) => (typeof v === 'bigint' ? String(v) : v));
      console.log(JSON.stringify({ calls, reads, ok: resumed.ok, same: shown(resumed) === shown(fresh) }));
    `;
    const r = node(['--input-type=module', '-e', script]);
    expect(r.stderr).toBe('');
    // composed twice, the second from the first's resume (the base read once), with the variants a composition afresh has
    expect(JSON.parse(r.stdout)).toEqual({ calls: 2, reads: 1, ok: true, same: true });
  });

  it('allRules refuses to list rules while a plug-in is not loaded (a listing must not depend on what ran before)', () => {
    const r = node(['--input-type=module', '-e', `
      const { allRules } = await import('./dist/rules/index.js');
      try { allRules(); console.log('listed'); } catch (e) { console.log(e.message); }
    `]);
    expect(r.stdout).toMatch(/internal: the arm64 plug-in is not loaded/);
  });

  it.each([
    ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', [], ['bootreplay.cjs', 'engine.cjs']],
    ['scenarios/arm64/v4.4.yaml', [], ['bootreplay.cjs', 'engine.cjs', 'arch-arm64.cjs']],
    ['scenarios/riscv/v5.14-free-initmem-alias.yaml', [], ['bootreplay.cjs', 'engine.cjs', 'arch-riscv.cjs']],
    // SARIF lists the rules of the architectures the run replayed, no others
    ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['--format', 'sarif'], ['bootreplay.cjs', 'engine.cjs']],
    ['scenarios/arm64/v4.4.yaml', ['--format', 'sarif'], ['bootreplay.cjs', 'engine.cjs', 'arch-arm64.cjs']],
  ])('the bundle: run %s %j reads %j', (file, extra, files) => {
    const r = node(['-e', `
      const L = require('./bin/bootreplay.js');
      const { writeSync } = require('node:fs');
      L.load('bootreplay.cjs').main(['node', 'bootreplay', 'run', ${JSON.stringify(file)}, ...${JSON.stringify(extra)}, '-o', '/dev/null'])
        .then((code) => writeSync(2, JSON.stringify({ code, files: [...L.loaded.keys()] })));
    `]);
    const out = JSON.parse(r.stderr) as { code: number; files: string[] };
    expect(out).toEqual({ code: 0, files });
  });
});
