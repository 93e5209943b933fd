/**
 * Every `bootreplay COMMAND --option` that README.md or docs/*.md names,
 * inline or in a block, is an option COMMAND has (its --help lists it):
 * the README once told users to run `bootreplay explain --arch arm64`, which
 * answers "unknown option '--arch'". readme-examples.test.ts runs the `$ …`
 * examples; this covers the commands written in prose and tables.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/bootreplay.js');

function help(args: readonly string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args, '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return r.stdout;
}

/** The commands `bootreplay --help` lists ("  run [options] [paths...]  …"). */
function commands(): string[] {
  const text = help([]);
  const list = text.slice(text.indexOf('Commands:'), text.indexOf('Examples:'));
  return [...list.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] ?? '').filter((c) => c !== 'help');
}

interface Use {
  readonly where: string;
  readonly command: string;
  readonly option: string;
}

/** `bootreplay COMMAND … --option` in the text, up to the end of the code span or a shell separator. */
export function optionUses(file: string, text: string, known: readonly string[]): Use[] {
  const out: Use[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/bootreplay ([a-z]+)((?: +[^\s`|;&)]+)*)/g)) {
      const command = m[1] ?? '';
      if (!known.includes(command)) continue;
      for (const o of (m[2] ?? '').matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)) out.push({ where: `${file}:${i + 1}`, command, option: o[1] ?? '' });
    }
  });
  return out;
}

describe('options named in the docs', () => {
  const known = commands();
  const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const uses = docs.flatMap((f) => optionUses(f, readFileSync(join(ROOT, f), 'utf8'), known));

  it('finds the commands and some options to check', () => {
    expect(known).toEqual(expect.arrayContaining(['run', 'merge', 'explain', 'steps']));
    expect(uses.length).toBeGreaterThan(5);
  });

  it('reads a use out of prose', () => {
    expect(optionUses('x.md', 'see (`bootreplay explain --arch arm64`) and `bootreplay steps --kernel V`', known))
      .toEqual([{ where: 'x.md:1', command: 'explain', option: '--arch' }, { where: 'x.md:1', command: 'steps', option: '--kernel' }]);
  });

  it('every one is an option of its command', () => {
    const helps = new Map(known.map((c) => [c, help([c])]));
    // the option as help lists it: "--matrix", "--set <path=v,...>", not the start of a longer one
    const has = (u: Use): boolean => new RegExp(`${u.option}(?![a-z-])`).test(helps.get(u.command) ?? '');
    const unknown = uses.filter((u) => !has(u));
    expect(unknown.map((u) => `${u.where}: bootreplay ${u.command} ${u.option}`)).toEqual([]);
  });
});
