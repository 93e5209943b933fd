// Section 6 of `npm run bench` (bench/run.mjs runs it as a child process and
// reads the JSON it prints): reasoning over orders, issue 8. In a process of
// its own because its targets are CPU time of the process: run after the
// throughput sections, it paid for their heap (thousands of loaded scenarios)
// in garbage collection, and its figures swung by a fifth between runs.
// Both the snapshot engine and the plain replay it is compared with are
// measured here, in the same process, as before.
import { fileURLToPath } from 'node:url';
import { median, msSince, nowNs, round, ROUNDS } from './measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const rules = await import('../dist/rules/index.js');
const { replayWith } = await import('../dist/replay/replay.js');
const { composeScenario } = await import('../dist/scenario/compose/compose.js');
const { loadArches } = await import('../dist/arch/index.js');
await loadArches();
// ---------------------------------------------------------------------------
// 6. reasoning over orders (issue 8): the snapshot engine, suggest, constraints
//
// - every single-call move of a 55-call order (the 2.6.27 setup_arch of
//   test/compare/fixtures/2.6.27-vmi.yaml) judged on one machine, from a new
//   engine each round: <= 50 ms;
// - replays/s of the snapshot engine (resume after the shared prefix, rejoin
//   the recording when the state does, verdicts without words) over those
//   orders, against the plain replay + check of the same orders, same run;
// - suggest over a 12-machine matrix (rc1 VMI order x hypervisor x PAE x
//   memory) <= 300 ms; constraints over 4 machines (2.6.27 x hypervisor none,
//   vmi x PAE) <= 1 s. Both include building the engines.
// These targets are judged on the CPU time of this process (process.cpuUsage),
// with the wall time printed beside it: on a shared machine the wall time of
// a 50 ms piece of work measures the neighbours more than bootreplay.

const TARGET_MOVES_MS = 50;
const TARGET_ENGINE_REPLAYS_PER_S = 100_000;
const TARGET_SUGGEST_MS = 300;
const TARGET_CONSTRAINTS_MS = 1000;

const { ReplayEngine, moveTo } = await import('../dist/compare/engine.js');
const { MoveTable } = await import('../dist/compare/judge.js');
const { suggest, suggestMachine } = await import('../dist/compare/suggest.js');
const { constraints } = await import('../dist/compare/constraints.js');
const { parseSets, overlayText } = await import('../dist/scenario/overrides.js');
const { fsReaderFor } = await import('../dist/scenario/files.js');
const checkWith = rules.check;

/** The variants `--set` makes of a file (a scenario that extends it, composed as the CLI does); paths from the project root. */
function loadVariants(file, sets) {
  const parsed = parseSets(sets);
  if (!parsed.ok) throw new Error(parsed.message);
  const overlay = `${file.slice(0, file.lastIndexOf('/'))}/(--set)`;
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const r = composeScenario(overlayText(file.slice(file.lastIndexOf('/') + 1), parsed.axes), overlay, fsReaderFor(overlay));
    if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems[0])}`);
    return r.variants.map((v) => {
      if (!v.ok) throw new Error(`${file} ${v.variant}: ${JSON.stringify(v.problems[0])}`);
      return { plugin: r.plugin, scenario: v.scenario };
    });
  } finally {
    process.chdir(cwd);
  }
}

/** median wall and CPU ms of fn over rounds, after warm-ups */
function timeIt(fn, rounds = ROUNDS * 2 + 1, warm = 3) {
  let out;
  for (let i = 0; i < warm; i++) out = fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = nowNs();
    out = fn();
    wall.push(msSince(t0));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu), out };
}

const [fixture] = loadVariants('test/compare/fixtures/2.6.27-vmi.yaml', []);
const n55 = fixture.scenario.steps.length;
const moves = timeIt(() => {
  const table = new MoveTable(new ReplayEngine(fixture.plugin, fixture.scenario));
  for (let from = 0; from < n55; from++) table.slots(from);
  return table.engine.replays;
});

const engine = new ReplayEngine(fixture.plugin, fixture.scenario);
const orders = [];
for (let from = 0; from < n55; from++) for (let slot = 0; slot < n55; slot++) if (slot !== from) orders.push(moveTo(engine.base, from, slot));
const snap = timeIt(() => { let k = 0; for (const o of orders) k += engine.verdicts(o).length; return k; });
const plain = timeIt(() => {
  let k = 0;
  for (const o of orders) k += checkWith(replayWith(fixture.plugin, { ...fixture.scenario, steps: o.map((st, i) => ({ ...st, index: i + 1 })) }), fixture.plugin).length;
  return k;
});
if (snap.out !== plain.out) throw new Error(`the snapshot engine and the plain replay disagree: ${snap.out} vs ${plain.out} findings`);

const matrix12 = loadVariants('scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['machine.hypervisor=none,vmi,xen', 'config.pae=false,true', 'machine.memory=512MiB,4GiB']);
const suggest12 = timeIt(() => {
  const r = suggest(matrix12.map((m) => suggestMachine(new ReplayEngine(m.plugin, m.scenario))));
  return r.replays;
}, ROUNDS);
const matrix4 = loadVariants('test/compare/fixtures/2.6.27-vmi.yaml', ['machine.hypervisor=none,vmi', 'config.pae=false,true']);
const constraints4 = timeIt(() => constraints(matrix4.map((m) => new MoveTable(new ReplayEngine(m.plugin, m.scenario)))).replays, ROUNDS);

const reasoning = {
  single_moves_55: { calls: n55, replays: moves.out, cpu_ms: round(moves.cpu), wall_ms: round(moves.wall), target_ms: TARGET_MOVES_MS, pass: moves.cpu <= TARGET_MOVES_MS },
  engine_throughput: {
    orders: orders.length,
    snapshot_replays_per_s: Math.round(orders.length / (snap.cpu / 1000)),
    plain_replays_per_s: Math.round(orders.length / (plain.cpu / 1000)),
    ratio: round(plain.cpu / snap.cpu, 2),
    wall_ratio: round(plain.wall / snap.wall, 2),
    target: TARGET_ENGINE_REPLAYS_PER_S,
    pass: orders.length / (snap.cpu / 1000) >= TARGET_ENGINE_REPLAYS_PER_S,
  },
  suggest_12_machines: { machines: matrix12.length, replays: suggest12.out, cpu_ms: round(suggest12.cpu), wall_ms: round(suggest12.wall), target_ms: TARGET_SUGGEST_MS, pass: suggest12.cpu <= TARGET_SUGGEST_MS },
  constraints_4_machines: { machines: matrix4.length, replays: constraints4.out, cpu_ms: round(constraints4.cpu), wall_ms: round(constraints4.wall), target_ms: TARGET_CONSTRAINTS_MS, pass: constraints4.cpu <= TARGET_CONSTRAINTS_MS },
};

process.stdout.write(`${JSON.stringify(reasoning)}\n`);
