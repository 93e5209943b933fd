// Section 2 (riscv) and section 5 (arm64) of `npm run bench`: one architecture's replays per second
// over variants of its shipped orders, and for arm64 64 GiB against 64 MiB. bench/run.mjs runs this once
// per architecture, each in a process of its own, and reads the JSON it prints.
//
//   node bench/arch-throughput.mjs riscv|arm64
//
// Why a process each: run after the x86_32 sections in one process (thousands of loaded scenarios on the
// heap, and the shared replay and rule code already specialized for x86_32's and riscv's states), the arm64
// variants replayed at 7,000/s, and at 13,000/s on their own (session 55, /tmp/cs/arm64ab.mjs: the same
// variants, alternating builds). A run of bootreplay replays the scenarios it is given, not the bench's other
// sections: each architecture is measured as a process that replays only it.
import { readFileSync } from 'node:fs';
import { median, round } from './measure.mjs';
import { ITER, TARGET_SIZE_RATIO, callsOf, check, measureThroughput, parseScenario, replay, timeSizes } from './in-process.mjs';

const RISCV_DIR = 'scenarios/riscv';

// riscv: the released orders of the shipped 5.10, 5.12 and 5.14 scenarios,
// with unflatten_device_tree moved to every position (before paging_init it
// faults, after it is clean), on 2, 8 and 64 GiB, with and without UEFI,
// STRICT_KERNEL_RWX and KASAN.

/** The riscv variants (scenario texts). */
function riscvVariants() {
  const riscvBases = ['v5.10.yaml', 'v5.12.yaml', 'v5.14.yaml'].map((f) => {
    const text = readFileSync(new URL(`../${RISCV_DIR}/${f}`, import.meta.url), 'utf8');
    const kernel = /^kernel: "?([^"\n]+)"?$/m.exec(text)?.[1];
    if (kernel === undefined) throw new Error(`${RISCV_DIR}/${f}: no kernel:`);
    return { file: `${RISCV_DIR}/${f}`, kernel, calls: callsOf(text).filter((c) => c !== 'unflatten_device_tree') };
  });
  const riscvTexts = [];
  for (const base of riscvBases) {
    for (let pos = 0; pos <= base.calls.length; pos++) {
      const calls = [...base.calls.slice(0, pos), 'unflatten_device_tree', ...base.calls.slice(pos)];
      for (const memory of ['2GiB', '8GiB', '64GiB']) {
        for (const efi of [false, true]) {
          for (const strict of [false, true]) {
            for (const kasan of [false, true]) {
              riscvTexts.push([
                `name: bench riscv ${base.kernel} ${memory}`, 'arch: riscv', `kernel: "${base.kernel}"`,
                'config:', `  strict_kernel_rwx: ${strict}`, `  kasan: ${kasan}`,
                'machine:', `  memory: ${memory}`, `  efi: ${efi}`,
                'setup_arch:', ...calls.map((c) => `  - ${c}`), '',
              ].join('\n'));
            }
          }
        }
      }
    }
  }
  return riscvTexts;
}

// arm64: early_fixmap_init at every position of the shipped v4.4, v4.6 and v4.7 orders, at VA_BITS 39
// and 48, with and without KASAN and DEBUG_RODATA, on 64 MiB, 2 GiB and 64 GiB, with and without KASLR;
// and the v4.7 order on 64 GiB against 64 MiB.

const ARM64_DIR = 'scenarios/arm64';
const arm64Shipped = ['v4.4.yaml', 'v4.6.yaml', 'v4.7.yaml'].map((f) => ({
  file: `${ARM64_DIR}/${f}`, kernel: f.replace('.yaml', ''), text: readFileSync(new URL(`../${ARM64_DIR}/${f}`, import.meta.url), 'utf8'),
}));

function arm64Text({ kernel, calls, vaBits, kasan, rodata, memory, seed }) {
  return [
    `name: bench ${kernel}`, 'arch: arm64', `kernel: ${kernel}`, 'config:', `  va_bits: ${vaBits}`, `  kasan: ${kasan}`, `  debug_rodata: ${rodata}`,
    ...(seed !== null ? ['  randomize_base: true'] : []),
    'machine:', `  memory: ${memory}`, '  cmdline: earlycon=pl011,0x9000000', ...(seed !== null ? [`  kaslr_seed: ${seed}`] : []),
    'setup_arch:', ...calls.map((c) => `  - ${c}`), '',
  ].join('\n');
}

/** The arm64 variants (scenario texts). */
function arm64Variants() {
  const arm64Texts = [];
  for (const base of arm64Shipped) {
    const calls = callsOf(base.text);
    const rest = calls.filter((c) => c !== 'early_fixmap_init');
    // early_fixmap_init at every position: the released order and every fixmap-before-init mistake
    for (let pos = 0; pos <= rest.length; pos++) {
      const order = [...rest.slice(0, pos), 'early_fixmap_init', ...rest.slice(pos)];
      for (const vaBits of [39, 48]) {
        for (const kasan of [false, true]) {
          for (const rodata of [false, true]) {
            for (const memory of ['64MiB', '2GiB', '64GiB']) {
              for (const seed of base.kernel === 'v4.4' ? [null] : [null, '0x5f3a1c9d2e7b4']) {
                arm64Texts.push(arm64Text({ kernel: base.kernel, calls: order, vaBits, kasan, rodata, memory, seed }));
              }
            }
          }
        }
      }
    }
  }
  return arm64Texts;
}

/** The v4.7 order with KASAN at VA_BITS=48 on 64 GiB and on 64 MiB: the same work (runs, never pages). */
function arm64Size(withCheck) {
  const base = arm64Shipped.find((b) => b.kernel === 'v4.7');
  const calls = callsOf(base.text);
  const mk = (memory) => {
    const r = parseScenario(arm64Text({ kernel: 'v4.7', calls, vaBits: 48, kasan: true, rodata: true, memory, seed: null }), `arm64 ${memory}`);
    if (!r.ok) throw new Error(`arm64 size variant rejected: ${JSON.stringify(r.problems)}`);
    return r.scenario;
  };
  const big = mk('64GiB');
  const small = mk('64MiB');
  const { bigMs, smallMs } = timeSizes(big, small, withCheck);
  const ratio = median(bigMs) / median(smallMs);
  return {
    order: `${base.file} (VA_BITS=48, KASAN)`,
    measured: withCheck ? 'replay+check' : 'replay',
    events_64GiB: replay(big).events.length,
    events_64MiB: replay(small).events.length,
    findings_64GiB: check(replay(big)).length,
    findings_64MiB: check(replay(small)).length,
    iterations: ITER,
    rounds: bigMs.length,
    us_per_replay_64GiB: round((median(bigMs) * 1000) / ITER, 2),
    us_per_replay_64MiB: round((median(smallMs) * 1000) / ITER, 2),
    ratio: round(ratio, 3),
    target: TARGET_SIZE_RATIO,
    pass: ratio <= TARGET_SIZE_RATIO,
  };
}

const arch = process.argv[2];
let result;
if (arch === 'riscv') {
  const texts = riscvVariants();
  result = { variants: texts.length, ...measureThroughput('riscv', texts) };
} else if (arch === 'arm64') {
  const texts = arm64Variants();
  result = { variants: texts.length, ...measureThroughput('arm64', texts), size_independence: [arm64Size(false), arm64Size(true)] };
} else {
  throw new Error(`bench/arch-throughput.mjs: expected riscv or arm64, got ${JSON.stringify(arch)}`);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
