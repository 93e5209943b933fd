/**
 * The temporary file of an atomic `-o` write and the signals that end a run:
 * removeOnSignal's handler removes the file, takes itself off every signal
 * and sends the signal again, so the process ends as it would have. Called
 * here directly, with the re-raise recorded instead of sent (the end-to-end
 * run under a signal is in hardening.test.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputError, planOutput, removeOnSignal, temporaryName, writeReport } from '../../src/cli/output.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bootreplay-output-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The listeners of each ending signal that are not in `before` (the test runner may have its own). */
function added(before: ReadonlyMap<string, readonly unknown[]>): Map<string, unknown[]> {
  return new Map(SIGNALS.map((s) => [s, process.listeners(s).filter((l) => !(before.get(s) ?? []).includes(l))]));
}

function snapshot(): Map<string, unknown[]> {
  return new Map(SIGNALS.map((s) => [s, [...process.listeners(s)]]));
}

describe('removeOnSignal', () => {
  it('on SIGTERM removes the temporary file, uninstalls itself from all three signals and re-raises SIGTERM', () => {
    const tmp = join(dir, '.report.txt.1.tmp');
    writeFileSync(tmp, 'half a report');
    const before = snapshot();
    const raised: NodeJS.Signals[] = [];
    removeOnSignal(tmp, (signal) => raised.push(signal));
    const mine = added(before);
    expect(SIGNALS.map((s) => mine.get(s)?.length)).toEqual([1, 1, 1]);
    const handler = mine.get('SIGTERM')?.[0];
    if (typeof handler !== 'function') throw new Error('no SIGTERM handler');
    handler('SIGTERM');
    expect(existsSync(tmp)).toBe(false);
    expect(raised).toEqual(['SIGTERM']);
    expect(SIGNALS.map((s) => added(before).get(s)?.length)).toEqual([0, 0, 0]);
  });

  it('a signal before the file exists (or after the rename) still re-raises', () => {
    const before = snapshot();
    const raised: NodeJS.Signals[] = [];
    removeOnSignal(join(dir, '.never.1.tmp'), (signal) => raised.push(signal));
    const handler = added(before).get('SIGINT')?.[0];
    if (typeof handler !== 'function') throw new Error('no SIGINT handler');
    handler('SIGINT');
    expect(raised).toEqual(['SIGINT']);
  });

  it('uninstalled without a signal, leaves the file and no listener', () => {
    const tmp = join(dir, '.kept.1.tmp');
    writeFileSync(tmp, 'report');
    const before = snapshot();
    const uninstall = removeOnSignal(tmp, () => { throw new Error('no signal was sent'); });
    uninstall();
    expect(SIGNALS.map((s) => added(before).get(s)?.length)).toEqual([0, 0, 0]);
    expect(existsSync(tmp)).toBe(true);
  });
});

/** NAME_MAX on Linux, in bytes: the longest file name a directory holds. */
const NAME_MAX = 255;

describe('temporaryName', () => {
  it('is .NAME.PID.tmp beside the target, which says whose a leftover is', () => {
    expect(temporaryName(join(dir, 'r.json'), 41)).toBe(join(dir, '.r.json.41.tmp'));
  });

  it('for a legal name too long for that (250 ASCII bytes; 127 two-byte characters), is a short name in the same directory', () => {
    for (const name of [`${'r'.repeat(250)}.json`, 'é'.repeat(127)]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(NAME_MAX);
      const tmp = temporaryName(join(dir, name), 4_194_304);
      expect(tmp.startsWith(join(dir, '.bootreplay.4194304.'))).toBe(true);
      expect(tmp.endsWith('.tmp')).toBe(true);
      expect(Buffer.byteLength(tmp.slice(dir.length + 1))).toBeLessThanOrEqual(NAME_MAX);
    }
  });
});

describe('writeReport', () => {
  it('writes a 255-byte name, and leaves no temporary file', async () => {
    const sub = mkdtempSync(join(dir, 'long-'));
    const target = join(sub, `${'r'.repeat(250)}.json`);
    expect(Buffer.byteLength(`${'r'.repeat(250)}.json`)).toBe(NAME_MAX);
    await writeReport(planOutput(target, new Map()), '{}\n');
    expect(readFileSync(target, 'utf8')).toBe('{}\n');
    expect(readdirSync(sub)).toEqual([`${'r'.repeat(250)}.json`]);
  });

  it('a temporary file of the same name in the way is said in words, left alone, and its name is not shown', async () => {
    const target = join(dir, 'busy.txt');
    writeFileSync(target, 'old\n');
    const tmp = temporaryName(target);
    writeFileSync(tmp, 'another run\'s');
    const written = writeReport(planOutput(target, new Map()), 'new\n');
    await expect(written).rejects.toThrow(OutputError);
    await expect(written).rejects.toThrow(/^a temporary file for it is in the way \(left by an earlier run\?\); remove it and try again$/);
    expect(readFileSync(tmp, 'utf8')).toBe('another run\'s');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
  });
});
