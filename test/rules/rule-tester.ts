/**
 * A RuleTester in the style of ESLint's: a rule, a table of scenarios that
 * must be clean, and a table that must produce exactly the listed findings.
 * Scenarios are written as YAML and go through the real loader, so step
 * indices and positions are the ones a user would see. On every case, a
 * rule with verdict() must give exactly its check() without the words
 * (verdict-agrees.ts).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ReplayEngine } from '../../src/compare/engine.js';
import { withVerifiedFixes } from '../../src/compare/fix-hints.js';
import { replayWith } from '../../src/replay/replay.js';
import { parseScenario } from '../../src/scenario/loader.js';
import type { Trace } from '../../src/replay/trace.js';
import type { Finding, Rule } from '../../src/rules/types.js';
import { expectVerdictsAgree } from './verdict-agrees.js';
/** A setup_arch() order: call names in order. */
export type Order = readonly string[];

export interface ScenarioSpec {
  /** the architecture (default x86_32, whose shorthands hypervisor/pae/memory/cmdline apply) */
  readonly arch?: string;
  readonly kernel: string;
  readonly order: Order;
  readonly hypervisor?: 'none' | 'vmi' | 'xen';
  readonly pae?: boolean;
  readonly memory?: string;
  readonly cmdline?: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly machine?: Readonly<Record<string, unknown>>;
  /** the scenario's define: (calls the catalog lacks), by name */
  readonly define?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ExpectedFinding {
  readonly step: string;
  readonly severity?: 'error' | 'warning' | 'info';
  /** names of the related steps, in order */
  readonly related?: readonly string[];
  /** what each related step does there (RelatedStep.role), in order */
  readonly roles?: readonly RegExp[];
  readonly message?: RegExp;
  /** what the kernel does (Finding.consequence) */
  readonly consequence?: RegExp;
  readonly fix?: RegExp;
  /** the remedy in words said when no order change works (Finding.otherwise; null: the finding has none) */
  readonly otherwise?: RegExp | null;
  readonly slot?: string;
  /** the calls the finding names for the fix search to insert (Finding.setters; absent: none) */
  readonly setters?: readonly string[];
  /**
   * whether the kernel stops there (Verdict.halts): false, it goes on; 'here', in the culprit step;
   * a call name, in that later step before its effects (Verdict.haltBefore); 'in ' and a call name, inside
   * that later step (Verdict.haltIn). Absent: not checked
   */
  readonly halts?: false | 'here' | string;
  /**
   * the finding after the fix search `run` makes (src/compare/fix-hints.ts withVerifiedFixes, over the
   * case's findings of this rule): `fix` as it then reads; `replays`, the orders that search replayed for
   * all of them (the scenario's own replay not counted). Absent: no search is made
   */
  readonly searched?: { readonly fix: RegExp; readonly replays?: number };
}

export interface ValidCase {
  readonly name: string;
  readonly scenario: ScenarioSpec;
}

export interface InvalidCase extends ValidCase {
  readonly findings: readonly ExpectedFinding[];
  /**
   * The order the findings' fix hints describe, applied (a move, a call
   * added or removed): replayed on the same machine, the rule must find
   * none of the listed findings (same rule, same culprit call) in it.
   */
  readonly fixed?: Order;
}

export function scenarioYaml(spec: ScenarioSpec): string {
  if (spec.arch !== undefined && spec.arch !== 'x86_32') {
    return stringify({
      arch: spec.arch, kernel: spec.kernel, config: { ...spec.config }, machine: { ...spec.machine },
      ...(spec.define !== undefined ? { define: spec.define } : {}),
      setup_arch: [...spec.order],
    });
  }
  const doc = {
    kernel: spec.kernel,
    config: { pae: spec.pae ?? false, ...spec.config },
    machine: {
      memory: spec.memory ?? '512MiB',
      hypervisor: spec.hypervisor ?? 'none',
      ...(spec.cmdline !== undefined ? { cmdline: spec.cmdline } : {}),
      ...spec.machine,
    },
    ...(spec.define !== undefined ? { define: spec.define } : {}),
    setup_arch: [...spec.order],
  };
  return stringify(doc);
}

/** A fixture through the real loader. */
function loadedOf(spec: ScenarioSpec) {
  const loaded = parseScenario(scenarioYaml(spec), 'fixture.yaml');
  if (!loaded.ok) throw new Error(`fixture does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return loaded;
}

/** The replay of a fixture, through the real loader. */
export function traceOf(spec: ScenarioSpec): Trace {
  const loaded = loadedOf(spec);
  return replayWith(loaded.plugin, loaded.scenario);
}

/** The rule's findings on a fixture after `run`'s fix search over them, and the orders it replayed. */
function searchedFindingsOf(rule: Rule, spec: ScenarioSpec): { findings: Finding[]; replays: number } {
  const { plugin, scenario } = loadedOf(spec);
  const engine = new ReplayEngine(plugin, scenario);
  // the engine counts the scenario's own replay as its first
  const findings = withVerifiedFixes(engine, rule.check(replayWith(plugin, scenario)));
  return { findings, replays: engine.replays - 1 };
}

export function findingsOf(rule: Rule, spec: ScenarioSpec): Finding[] {
  return rule.check(traceOf(spec));
}

/** The rule's findings on a fixture, after checking that its verdict() (if any) agrees with them. */
function checkedFindingsOf(rule: Rule, spec: ScenarioSpec, what: string): Finding[] {
  const trace = traceOf(spec);
  expectVerdictsAgree(rule, trace, what);
  return rule.check(trace);
}

export function ruleTester(rule: Rule, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          expect(checkedFindingsOf(rule, c.scenario, c.name).map((f) => `${f.step.name}: ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const found = checkedFindingsOf(rule, c.scenario, c.name);
          expect(found.map((f) => f.step.name), found.map((f) => f.message).join('\n')).toEqual(c.findings.map((f) => f.step));
          c.findings.forEach((want, i) => {
            const got = found[i];
            if (got === undefined) return;
            expect(got.rule).toBe(rule.meta.id);
            expect(got.severity).toBe(want.severity ?? rule.meta.severity);
            if (want.related !== undefined) expect(got.related.map((r) => r.step.name)).toEqual(want.related);
            if (want.roles !== undefined) {
              expect(got.related).toHaveLength(want.roles.length);
              want.roles.forEach((role, i) => expect(got.related[i]?.role ?? '').toMatch(role));
            }
            if (want.message !== undefined) expect(got.message).toMatch(want.message);
            if (want.consequence !== undefined) expect(got.consequence).toMatch(want.consequence);
            if (want.fix !== undefined) expect(got.fix).toMatch(want.fix);
            if (want.otherwise === null) expect(got.otherwise).toBeUndefined();
            else if (want.otherwise !== undefined) expect(got.otherwise).toMatch(want.otherwise);
            if (want.slot !== undefined) expect(got.slot).toBe(want.slot);
            if (want.setters !== undefined) expect(got.setters ?? []).toEqual(want.setters);
            if (want.halts !== undefined) {
              const halts = got.halts !== true ? false : got.haltBefore !== undefined ? got.haltBefore.name : got.haltIn !== undefined ? `in ${got.haltIn.name}` : 'here';
              expect(halts, `${want.step}: where the kernel stops`).toBe(want.halts);
            }
            expect(got.consequence.length).toBeGreaterThan(0);
            expect(got.fix.length).toBeGreaterThan(0);
          });
          if (c.findings.some((want) => want.searched !== undefined)) {
            const searched = searchedFindingsOf(rule, c.scenario);
            c.findings.forEach((want, i) => {
              if (want.searched === undefined) return;
              expect(searched.findings[i]?.fix ?? '', `${want.step}: the fix after the fix search`).toMatch(want.searched.fix);
              if (want.searched.replays !== undefined) expect(searched.replays, 'orders the fix search replayed').toBe(want.searched.replays);
            });
          }
          if (c.fixed !== undefined) {
            const after = checkedFindingsOf(rule, { ...c.scenario, order: c.fixed }, `${c.name} (fixed)`).map((f) => f.step.name);
            expect(after.filter((name) => c.findings.some((want) => want.step === name)), 'the fixed order still has the finding').toEqual([]);
          }
        });
      }
    });
  });
}
