/**
 * Every shipped scenario says where it comes from and what verdict it gets:
 * its description cites a commit (or the thread, for the seed patches) and
 * ends with "Verdict: pass" or "Verdict: fail", which `bootreplay run` must give.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayWith } from '../../../src/replay/replay.js';
import { check } from '../../../src/rules/index.js';
import { parseScenario } from '../../../src/scenario/loader.js';

const DIR = 'scenarios/x86_32';
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('shipped scenarios', () => {
  it('one per release 2.6.26 – 2.6.36 at least', () => {
    const releases = new Set(files.map((f) => /^2\.6\.(\d+)/.exec(f)?.[1]));
    expect([...releases].sort()).toEqual(['26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36']);
  });

  for (const f of files) {
    it(`${f}: cites its source and gets the verdict it explains`, () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      const loaded = parseScenario(text, join(DIR, f));
      if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
      const d = loaded.scenario.description.replace(/\s+/g, ' ');
      // a source order (repo@commit:path:lines), and a commit or the LKML thread behind the verdict
      expect(d).toMatch(/[\w.-]+\/[\w.-]+@[0-9a-f]{12}:arch\/x86\/kernel\/setup(_32)?\.c:\d+-\d+/);
      expect(d).toMatch(/\b[0-9a-f]{10,12}\b|LKML/);
      const verdict = /Verdict: (pass|fail)/.exec(d)?.[1];
      const trace = replayWith(loaded.plugin, loaded.scenario);
      const status = check(trace, loaded.plugin).some((x) => x.severity === 'error') ? 'fail' : 'pass';
      expect(status).toBe(verdict);
    });
  }
});
