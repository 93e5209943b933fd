/**
 * Every `$ bootreplay …` example in README.md prints what the README shows:
 * each command is run with the built CLI from the project root (through the
 * shell, so `| tail -1` works; a `# comment` after the command is dropped),
 * stdout and stderr together, and compared line by line. A line that is only
 * "…" in the README stands for any number of lines left out. A fresh review
 * found six examples out of date after the model grew; this keeps them real.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/bootreplay.js');

interface Example {
  readonly line: number;
  readonly command: string;
  readonly output: readonly string[];
}

/** The `$ bootreplay` commands of the fenced blocks, with the lines up to the next `$ ` or the fence. */
export function examples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!(lines[i] ?? '').startsWith('```')) continue;
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').startsWith('```')) j++;
    for (let k = i + 1; k < j; k++) {
      let text = lines[k] ?? '';
      if (!text.startsWith('$ bootreplay')) continue;
      const line = k + 1;
      let command = text.slice(2);
      while (command.trimEnd().endsWith('\\') && k + 1 < j) command = `${command.trimEnd().slice(0, -1)} ${(lines[++k] ?? '').trim()}`;
      const output: string[] = [];
      while (k + 1 < j && !(text = lines[k + 1] ?? '').startsWith('$ ')) output.push(lines[++k] ?? '');
      while (output.length > 0 && output[output.length - 1] === '') output.pop();
      out.push({ line, command: command.replace(/\s+#.*$/, ''), output });
    }
    i = j;
  }
  return out;
}

/**
 * Fenced blocks that are a command's output only (a picture: ```mermaid), each after a comment that gives the
 * command, `<!-- $ bootreplay … -->`: the block is the whole output. (break-252 N5: a mermaid picture no test read
 * had gone stale, 14 nodes where the command drew 35.)
 */
export function outputBlocks(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const out: Example[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const m = /^<!-- \$ (bootreplay .*) -->$/.exec(lines[i] ?? '');
    if (m === null || !(lines[i + 1] ?? '').startsWith('```')) continue;
    let j = i + 2;
    while (j < lines.length && !(lines[j] ?? '').startsWith('```')) j++;
    out.push({ line: i + 1, command: m[1] ?? '', output: lines.slice(i + 2, j) });
    i = j;
  }
  return out;
}

/** Whether `actual` is `shown` with each "…" line standing for zero or more lines. */
export function matches(shown: readonly string[], actual: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const at = (s: number, a: number): boolean => {
    const key = `${s},${a}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (s === shown.length) r = a === actual.length;
    else if ((shown[s] ?? '').trim() === '…') r = at(s + 1, a) || (a < actual.length && at(s, a + 1));
    else r = a < actual.length && shown[s] === actual[a] && at(s + 1, a + 1);
    memo.set(key, r);
    return r;
  };
  return at(0, 0);
}

/** No colour, whatever the caller's terminal says. */
const PLAIN_ENV: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
delete PLAIN_ENV['FORCE_COLOR'];

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const all = [...examples(readme), ...outputBlocks(readme)];

describe('README.md examples', () => {
  it('has examples to check', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it.each(all.map((e) => [e.line, e.command, e] as const))('line %i: %s', (_line, _command, e) => {
    const script = e.command.replace(/^bootreplay\b/, `node ${JSON.stringify(BIN)}`);
    const r = spawnSync('sh', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: PLAIN_ENV, timeout: 60_000 });
    const actual = `${r.stdout}${r.stderr}`.replace(/\n+$/, '').split('\n');
    if (!matches(e.output, actual)) expect(actual.join('\n')).toBe(e.output.join('\n'));
  }, 90_000);

  it('"…" stands for lines left out, nothing else', () => {
    expect(matches(['a', '…', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matches(['a', '…', 'd'], ['a', 'd'])).toBe(true);
    expect(matches(['a', '…', 'd'], ['a', 'b', 'c'])).toBe(false);
    expect(matches(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
  });
});

describe('README.md pictures', () => {
  it('has a checked picture, and finds the command of a block after its comment', () => {
    expect(outputBlocks(readme).map((b) => b.command)).toContain('bootreplay constraints scenarios/riscv/v5.14.yaml -f mermaid');
    expect(outputBlocks('x\n<!-- $ bootreplay a -->\n```mermaid\nflowchart TD\n  n0\n```\n')).toEqual([{ line: 2, command: 'bootreplay a', output: ['flowchart TD', '  n0'] }]);
    // a comment not followed by a fence is no example
    expect(outputBlocks('<!-- $ bootreplay a -->\ntext\n```\nx\n```\n')).toEqual([]);
  });
});
