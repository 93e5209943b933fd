// Golden outputs: what the built CLI prints for every shipped scenario and
// every loader fixture (text -v --layout, json, trace -a; layout --ptdump for
// the shipped scenarios), for the bad
// fixtures, and for `steps` and `explain`. test/cli/golden.test.ts compares
// the CLI with test/golden/; a change of output is then a visible diff in
// review. After an intended change: `npm run golden` rewrites the files.
//
// Usage: node scripts/golden.mjs [--update]     (needs `npm run build` first)
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const goldenDir = join(root, 'test/golden');

function yamlFiles(dir) {
  const out = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (e.name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

/** Every golden case: a file name and the CLI arguments. */
export function cases() {
  const list = [];
  const good = [...yamlFiles('scenarios'), ...yamlFiles('test/loader/fixtures/good')];
  for (const f of good) {
    const n = f.replaceAll('/', '_');
    list.push({ name: `${n}.text`, args: ['run', f, '-v', '--layout'] });
    list.push({ name: `${n}.json`, args: ['run', f, '-f', 'json'] });
    list.push({ name: `${n}.trace`, args: ['trace', f, '-a'] });
    if (f.startsWith('scenarios/')) list.push({ name: `${n}.ptdump`, args: ['layout', f, '--ptdump'] });
  }
  for (const f of [...yamlFiles('test/loader/fixtures/bad'), ...yamlFiles('test/cli/fixtures')]) list.push({ name: `${f.replaceAll('/', '_')}.bad`, args: ['run', f] });
  // reasoning over orders (issue 8): one case per command and format, on shipped scenarios
  const rc1 = 'scenarios/x86_32/2.6.27-rc1-vmi.yaml';
  const matrix = ['--matrix', '--set', 'machine.hypervisor=none,vmi', '--set', 'config.pae=false,true'];
  list.push({ name: 'suggest.rc1.text', args: ['suggest', rc1] });
  list.push({ name: 'suggest.rc1-as-rc3.json', args: ['suggest', rc1, '--call', 'vmi_init', '--set', 'kernel=2.6.27-rc3', '-f', 'json'] });
  list.push({ name: 'suggest.xen.text', args: ['suggest', 'scenarios/x86_32/2.6.27-rc1-xen-pae.yaml'] });
  list.push({ name: 'bisect.rc3-2.6.27.4.text', args: ['bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.4-vmi-early-dmi.yaml'] });
  list.push({ name: 'bisect.rc3-2.6.27.4.json', args: ['bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.4-vmi-early-dmi.yaml', '-f', 'json'] });
  for (const format of ['text', 'json', 'dot', 'mermaid']) {
    list.push({ name: `constraints.2.6.28.${format}`, args: ['constraints', 'scenarios/x86_32/2.6.28-vmi.yaml', ...matrix, '-f', format] });
  }
  list.push({ name: 'steps', args: ['steps'] });
  list.push({ name: 'steps-riscv', args: ['steps', '--arch', 'riscv'] });
  list.push({ name: 'explain', args: ['explain'] });
  return list;
}

function runCli(args) {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    execFile(process.execPath, [join(root, 'bin/bootreplay.js'), ...args], { cwd: root, env }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve(`${stdout}${stderr === '' ? '' : `--- stderr\n${stderr}`}--- exit ${code}\n`);
    });
  });
}

/** Runs every case, 4 at a time; returns name → output. */
export async function render() {
  const all = cases();
  const out = new Map();
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const c = all[next++];
      out.set(c.name, await runCli(c.args));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}

export function readGolden(name) {
  const p = join(goldenDir, name);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const outputs = await render();
  if (process.argv.includes('--update')) {
    rmSync(goldenDir, { recursive: true, force: true });
    mkdirSync(goldenDir, { recursive: true });
    for (const [name, text] of outputs) writeFileSync(join(goldenDir, name), text);
    process.stdout.write(`wrote ${outputs.size} golden files to test/golden/\n`);
  } else {
    let bad = 0;
    for (const [name, text] of outputs) if (readGolden(name) !== text) { bad++; process.stdout.write(`differs: ${name}\n`); }
    process.stdout.write(`${outputs.size - bad} same, ${bad} differ\n`);
    process.exitCode = bad === 0 ? 0 : 1;
  }
}
