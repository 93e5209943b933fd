import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { overlayText, overrideName, parseSets } from '../../src/scenario/overrides.js';
import { loadMachines } from '../../src/cli/machines.js';
import { machinesOf, ROOT } from '../compare/load.js';

describe('--set overrides and ad-hoc matrices', () => {
  it('one value overrides, several make an axis of a matrix: the overlay extends the file', () => {
    const p = parseSets(['kernel=2.6.27-rc3', 'machine.hypervisor=none,vmi', 'config.pae=false,true', 'machine.hypervisor=xen', 'machine.memory=4GiB']);
    if (!p.ok) throw new Error(p.message);
    expect(parse(overlayText('2.6.27-rc1-vmi.yaml', p.axes))).toEqual({
      extends: '2.6.27-rc1-vmi.yaml',
      kernel: '2.6.27-rc3',
      machine: { memory: '4GiB' },
      matrix: { 'machine.hypervisor': ['none', 'vmi', 'xen'], 'config.pae': [false, true] },
    });
    expect(overrideName(p.axes)).toBe('kernel=2.6.27-rc3,memory=4GiB');
  });

  it('a single --set value is quoted in the name as a matrix value is, so the name picks it back', () => {
    const p = parseSets(['machine.cmdline=x y', 'machine.hypervisor=vmi']);
    if (!p.ok) throw new Error(p.message);
    expect(overrideName(p.axes)).toBe('cmdline="x y",hypervisor=vmi');
  });

  it('a quoted value may hold commas (the earlycon= form); the name shows it without the quotes it was written with', () => {
    const p = parseSets(['machine.cmdline="earlycon=uart8250,mmio,0xfed00000"', "machine.memory='1GiB','2GiB'"]);
    if (!p.ok) throw new Error(p.message);
    expect(p.axes.map((a) => [a.texts, a.values])).toEqual([
      [['earlycon=uart8250,mmio,0xfed00000'], ['earlycon=uart8250,mmio,0xfed00000']],
      [['1GiB', '2GiB'], ['1GiB', '2GiB']],
    ]);
    expect(overrideName(p.axes)).toBe('cmdline="earlycon=uart8250,mmio,0xfed00000"');
    const q = parseSets(['machine.cmdline="a\\"b", \'it\'\'s\'']);
    if (!q.ok) throw new Error(q.message);
    expect(q.axes[0]?.values).toEqual(['a"b', "it's"]);
  });

  it('a flow list is named whole, as written, not as the pieces a comma split makes ("[1: … Flow sequence must end with a ]"), with the form --set takes', () => {
    // no "quote it": no key takes such a string (helper-191 5)
    const list = (arg: string, value: string, form: string): { ok: false; message: string } => ({
      ok: false, message: `--set ${arg}: ${value}: a YAML list, where --set takes comma-separated scalars, one value per item (--set ${form})`,
    });
    expect(parseSets(['machine.memory=[1,2]'])).toEqual(list('machine.memory=[1,2]', '[1,2]', 'machine.memory=1,2'));
    expect(parseSets(['machine.memory=[1GiB, 2GiB]'])).toEqual(list('machine.memory=[1GiB, 2GiB]', '[1GiB, 2GiB]', 'machine.memory=1GiB,2GiB'));
    // after other values: the form is the whole argument with the list's items in its place
    expect(parseSets(['machine.memory=512MiB, [1GiB,2GiB]'])).toEqual(list('machine.memory=512MiB, [1GiB,2GiB]', '[1GiB,2GiB]', 'machine.memory=512MiB,1GiB,2GiB'));
    // an item quoted for its comma stays quoted; lists of lists, empty and unclosed ones show the form with A,B
    expect(parseSets(['machine.cmdline=["a,b", c]'])).toEqual(list('machine.cmdline=["a,b", c]', '["a,b", c]', 'machine.cmdline="a,b",c'));
    expect(parseSets(['machine.memory=[[1],2]'])).toEqual(list('machine.memory=[[1],2]', '[[1],2]', 'machine.memory=A,B'));
    expect(parseSets(['machine.memory=[]'])).toEqual(list('machine.memory=[]', '[]', 'machine.memory=A,B'));
    // an unclosed one is text yaml cannot read, and said so
    expect(parseSets(['machine.memory=[1,2'])).toEqual({ ok: false, message: '--set machine.memory=[1,2: [1,2: not a value YAML can read (Flow sequence must end with a ]), a YAML list begun, where --set takes comma-separated scalars, one value per item (--set machine.memory=A,B)' });
    // a flow mapping is one value too
    expect(parseSets(['machine.memory={a: 1, b: 2}'])).toEqual({ ok: false, message: '--set machine.memory={a: 1, b: 2}: {a: 1, b: 2}: a mapping, where --set takes one value per comma-separated item; quote it to make it a string, as in "{a: 1, b: 2}"' });
    // a bracket inside a plain scalar starts no list: two values, as before
    const plain = parseSets(['machine.cmdline=a[1,2]']);
    expect(plain.ok && plain.axes[0]?.values).toEqual(['a[1', '2]']);
  });

  it('a value YAML cannot read as one scalar is a usage error, never an internal error (the reviewer\'s "quote it" crashed)', () => {
    expect(parseSets(['machine.cmdline="earlycon=uart8250'])).toEqual({ ok: false, message: '--set machine.cmdline="earlycon=uart8250: a quote is not closed; a value with a comma is quoted whole, as in machine.cmdline="a,b"' });
    expect(parseSets(['machine.cmdline=[a,b]'])).toEqual({ ok: false, message: '--set machine.cmdline=[a,b]: [a,b]: a YAML list, where --set takes comma-separated scalars, one value per item (--set machine.cmdline=a,b)' });
    // an item the suggested form would refuse as written is given quoted (break-208 F6: `---,x` was refused in turn)
    expect(parseSets(['machine.cmdline=[---, x]'])).toEqual({ ok: false, message: '--set machine.cmdline=[---, x]: [---, x]: a YAML list, where --set takes comma-separated scalars, one value per item (--set machine.cmdline="---",x)' });
    expect(parseSets(['machine.cmdline="---",x'])).toMatchObject({ ok: true });
    expect(parseSets(['machine.cmdline=*x'])).toMatchObject({ ok: false, message: expect.stringMatching(/^--set machine\.cmdline=\*x: \*x: a YAML tag, anchor or alias, which --set does not take/) });
    expect(parseSets(['machine.cmdline={a: 1}'])).toMatchObject({ ok: false, message: expect.stringMatching(/not a value YAML can read|a mapping/) });
    expect(parseSets(['machine.cmdline=[a]'])).toMatchObject({ ok: false, message: expect.stringMatching(/: \[a\]: a YAML list, where --set takes comma-separated scalars, one value per item \(--set machine\.cmdline=a\)/) });
    // tags: an unknown one made yaml print a warning with a stack trace; !!binary, !!timestamp no key takes
    expect(parseSets(['machine.cmdline=!foo x'])).toEqual({ ok: false, message: '--set machine.cmdline=!foo x: !foo x: not a value YAML can read (Unresolved tag: !foo); quote it to make it a string, as in "!foo x"' });
    // a core tag on a value it fits is a tag like any other, !!float on an integer too (break-223 F8: "Unresolved tag:
    // tag:yaml.org,2002:float", as if YAML 1.2 had no !!float 8)
    for (const v of ['!!float 8', '!!float -7', '!!float 8.5', '!!int 8']) {
      expect(parseSets([`config.nr_cpus=${v}`])).toEqual({ ok: false, message: `--set config.nr_cpus=${v}: ${v}: a YAML tag, anchor or alias, which --set does not take; quote it to make it a string, as in "${v}"` });
    }
    for (const v of ['!!binary aGVsbG8=', '!!timestamp 2001-12-14', '!!str 2.6.27-rc3', '&a x']) {
      expect(parseSets([`machine.cmdline=${v}`])).toMatchObject({ ok: false, message: expect.stringMatching(/a YAML tag, anchor or alias, which --set does not take|not a value YAML can read/) });
    }
  });

  it('a value with a YAML comment is refused, not cut at the # (break-201 F7); a quoted # or one inside a word is the value\'s', () => {
    expect(parseSets(['machine.cmdline=console=ttyS0 #x'])).toEqual({
      ok: false,
      message: '--set machine.cmdline=console=ttyS0 #x: console=ttyS0 #x: a YAML comment (#x), which YAML drops, leaving console=ttyS0; to keep the \'#\', quote the value whole, as in "console=ttyS0 #x", or leave the comment out',
    });
    expect(parseSets(['machine.memory=1GiB # c'])).toMatchObject({ ok: false, message: expect.stringMatching(/: 1GiB # c: a YAML comment \(# c\), which YAML drops, leaving 1GiB; /) });
    // a value already quoted: the '#' goes inside its quotes (break-204 F11: the advice quoted the quotes)
    expect(parseSets(['machine.cmdline="a" #x'])).toMatchObject({ ok: false, message: expect.stringMatching(/leaving "a"; to keep the '#', quote the value whole, as in "a #x", or leave the comment out$/) });
    expect(parseSets(["machine.cmdline='a b' #x"])).toMatchObject({ ok: false, message: expect.stringMatching(/as in "a b #x", or leave/) });
    expect(parseSets(['machine.memory=# c'])).toMatchObject({ ok: false, message: expect.stringMatching(/: # c: a YAML comment \(# c\), which YAML drops, leaving no value; /) });
    // the advice works: quoted, the # and what follows it are the value
    const quoted = parseSets(['machine.cmdline="console=ttyS0 #x"', 'config.pae=true,false']);
    expect(quoted.ok && quoted.axes[0]?.values).toEqual(['console=ttyS0 #x']);
    const word = parseSets(['machine.cmdline=a#b']);
    expect(word.ok && word.axes[0]?.values).toEqual(['a#b']);
  });

  it('a value YAML reads as another string is refused, as a comment is (break-206 F5): a line break, a block scalar header, a document marker', async () => {
    const message = (v: string): string => {
      const r = parseSets([`machine.cmdline=${v}`]);
      return r.ok ? `ok: ${JSON.stringify(r.axes[0]?.values)}` : r.message;
    };
    expect(message('|')).toBe('--set machine.cmdline=|: |: a YAML block scalar header, which YAML reads as "" (a block\'s text is on the lines after it, and a --set value is one line); quote it to make it a string, as in "|"');
    for (const v of ['>', '|-', '>+', '|2-']) expect(message(v)).toMatch(/: a YAML block scalar header, which YAML reads as "" \(a block's text is on the lines after it, and a --set value is one line\); quote it to make it a string, as in "[|>][-+0-9]*"$/);
    // a command-line value is one line: YAML folded it into a space, or read a block's text with a newline at its end
    expect(message('a\nb')).toBe('--set machine.cmdline=a\nb: a\nb: a line break, where a --set value is one line (YAML would read this one as "a b"); write the value on one line');
    expect(message('"a\n  b"')).toMatch(/: a line break, where a --set value is one line \(YAML would read this one as "a b"\); write the value on one line$/);
    expect(message('|\n  x y')).toMatch(/: a line break, where a --set value is one line \(YAML would read this one as "x y\\n"\); write the value on one line$/);
    // at a value's start or end, where the trim and YAML drop them silently (break-208 F7)
    expect(message('vmi\n')).toBe('--set machine.cmdline=vmi\n: a line break (\\n), where a --set value is one line of text; leave it out');
    expect(message('\r\nvmi')).toMatch(/: a carriage return \(\\r\), where a --set value is one line of text; leave it out$/);
    expect(message('\u2028vmi')).toMatch(/: a line separator \(U\+2028\), where/);
    expect(message('vmi\u2029')).toMatch(/: a paragraph separator \(U\+2029\), where/);
    expect(message('\ufeffmem=64M')).toMatch(/: a byte order mark \(U\+FEFF\), where/);
    expect(message('a\rb')).toMatch(/: a line break, where a --set value is one line; write the value on one line$/);
    // a tab at a value's end: YAML drops it from a plain scalar, though 2.6.27 reads it as part of mem= (break-209 F3);
    // quoted, it is the value's; spaces around a value are still trimmed, and a no-break space is the value's own
    expect(message('mem=64M\t')).toBe('--set machine.cmdline=mem=64M\t: mem=64M\t: a tab at the end of a value, which YAML drops from an unquoted one; quote the value to keep it (machine.cmdline="mem=64M\\t"), or leave the tab out');
    expect(message(' \tmem=64M, a')).toMatch(/: \tmem=64M: a tab at the start of a value, which YAML drops from an unquoted one; quote the value to keep it \(machine\.cmdline="\\tmem=64M"\), or leave the tab out$/);
    expect(message('"mem=64M\t", a\tb ,  c ')).toBe('ok: ["mem=64M\\t","a\\tb","c"]');
    expect(message('mem=64M\u00a0')).toBe('ok: ["mem=64M\u00a0"]');
    // outside a quoted value a tab is as a space: YAML drops both, and quoting again would add quote characters (break-211 F4)
    expect(message('"mem=64M"\t, \t\'a\' ,\t"b\t"')).toBe('ok: ["mem=64M","a","b\\t"]');
    // ---, not "an empty value": a document marker, and what YAML leaves of the value
    expect(message('---')).toBe('--set machine.cmdline=---: ---: a YAML document start marker (---), which YAML does not read as text, leaving no value; quote it to make it a string, as in "---"');
    expect(message('--- x')).toMatch(/: a YAML document start marker \(---\), which YAML does not read as text, leaving x; quote it to make it a string, as in "--- x"$/);
    expect(message('...')).toMatch(/: a YAML document end marker \(\.\.\.\), which YAML does not read as text, leaving no value; quote it/);
    expect(message('... x')).toMatch(/: a YAML document end marker \(\.\.\.\), which YAML does not read as text; quote it to make it a string, as in "\.\.\. x"$/);
    // the advice works, and these characters inside a value or quoted are the value's
    expect(message('"|"')).toBe('ok: ["|"]');
    expect(message('"a|b", \'---\', "...", a|b, ---x, a>b')).toBe('ok: ["a|b","---","...","a|b","---x","a>b"]');
    // the quoted value reaches the scenario as written
    const r = await loadMachines(['scenarios/x86_32/2.6.27-vmi.yaml'], ['machine.cmdline="|-",\'---\'']);
    expect(r.ok ? r.machines.map((m) => (m.scenario.machine as { cmdline: unknown }).cmdline) : r.problems).toEqual(['|-', '---']);
  });

  it("a bad value is named by its --set path and place, not by the overlay's matrix key", async () => {
    const r = await loadMachines(['scenarios/x86_32/2.6.27-vmi.yaml'], ['config.pae=true,"true"']);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual(['--set config.pae=true,"true": config.pae, value 2: expected true or false, got the string "true"']);
  });

  it('a value the commas cut out of one cmdline says how to keep the commas (helper-156: "quote it" did not say to quote the whole)', async () => {
    const r = await loadMachines(['scenarios/x86_32/2.6.27-vmi.yaml'], ['machine.cmdline=earlycon=uart8250,io,0x3f8']);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      '--set machine.cmdline=earlycon=uart8250,io,0x3f8: machine.cmdline, value 3: expected a string, got the number 0x3f8 (read as 1016); a comma separates --set values: if the commas belong to one value, quote it whole, as in machine.cmdline="a,b"',
    ]);
    expect((await loadMachines(['scenarios/x86_32/2.6.27-vmi.yaml'], ['machine.cmdline="earlycon=uart8250,io,0x3f8"'])).ok).toBe(true);
  });

  it('a value given twice is an error, as in a matrix: (the same text or the same value as the model reads it), in one argument as in two, counted from 1 on both sides', async () => {
    const file = 'scenarios/x86_32/2.6.27-vmi.yaml';
    const messages = async (sets: string[]): Promise<string[]> => {
      const r = await loadMachines([file], sets);
      return r.ok ? [] : r.problems.map((p) => `${p.file}: ${p.message}`);
    };
    expect(await messages(['machine.hypervisor=vmi,vmi'])).toEqual([`${file}: --set machine.hypervisor=vmi,vmi: machine.hypervisor, value 2: vmi repeats value 1 (the same value)`]);
    expect(await messages(['config.pae=true', 'config.pae=true'])).toEqual([`${file}: --set config.pae=true --set config.pae=true: config.pae, value 2: true repeats value 1 (the same value)`]);
    expect(await messages(['machine.memory=1GiB,1024MiB'])).toEqual([`${file}: --set machine.memory=1GiB,1024MiB: machine.memory, value 2: 1024MiB repeats value 1 (the same value)`]);
    // a key without a dot is named in --set's words too, not as the overlay's matrix.kernel[1]
    expect(await messages(['kernel=2.6.27,"2.6.27 "'])).toEqual([`${file}: --set kernel=2.6.27,"2.6.27 ": kernel, value 2: "2.6.27 " repeats value 1 (the same value)`]);
  });

  it('a single value is named as YAML reads it: its quotes are not part of it, a number keeps how it was written', () => {
    // (a comment is refused, break-201 F7; it was once left out here)
    const p = parseSets(['machine.cmdline="reservetop=16M"', 'config.nr_cpus=0x10']);
    if (!p.ok) throw new Error(p.message);
    expect(p.axes[0]?.values[0]).toBe('reservetop=16M');
    expect(overrideName(p.axes)).toBe('cmdline="reservetop=16M",nr_cpus=0x10');
    // the overlay writes an integer as given, so the loader reads it as from a file
    expect(overlayText('f.yaml', p.axes)).toContain('  nr_cpus: 0x10\n');
  });

  it('an integer past 2^53 reaches the overlay as written, in --set and in the file\'s matrix (helper-177: a double rounded 0xfedcba9876543210)', () => {
    const p = parseSets(['machine.kaslr_seed=0xfedcba9876543210,18446744073709551615', 'machine.memory=2GiB']);
    if (!p.ok) throw new Error(p.message);
    const text = overlayText('f.yaml', p.axes, { 'machine.va_bits': [39, 48], include: [{ 'machine.kaslr_seed': 5 }] });
    expect(text).toContain('  machine.kaslr_seed:\n    - 0xfedcba9876543210\n    - 18446744073709551615\n');
    expect(text).not.toContain('&');
  });

  it('rejects paths outside kernel/config/machine and empty values', () => {
    expect(parseSets(['setup_arch=x'])).toMatchObject({ ok: false });
    expect(parseSets(['machine.memory='])).toMatchObject({ ok: false, message: '--set machine.memory=: empty value: nothing after =; give a value' });
    // which one of several (break-212)
    expect(parseSets(['machine.memory=1GiB,,2GiB'])).toMatchObject({ ok: false, message: '--set machine.memory=1GiB,,2GiB: empty value (value 2 of 3): between two commas; give a value, or leave the comma out' });
    expect(parseSets(['machine.memory=,'])).toMatchObject({ ok: false, message: '--set machine.memory=,: no value, only commas; give a value' });
    expect(parseSets(['machine.memory=1GiB,'])).toMatchObject({ ok: false, message: '--set machine.memory=1GiB,: empty value (value 2 of 2): a comma at the end; give a value, or leave the comma out' });
    expect(parseSets(['machine'])).toMatchObject({ ok: false, message: expect.stringMatching(/PATH=VALUE/) });
  });

  it('rejects name and description: they label a scenario, and an axis of them makes identical machines', () => {
    for (const arg of ['name=a,b', 'description=another', 'name=one']) {
      const p = parseSets([arg]);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.message).toBe(`--set ${arg}: ${arg.split('=')[0] ?? ''} only labels the scenario and is no input of the boot (its values would make identical machines): expected PATH=VALUE[,VALUE…] with PATH kernel, config.KEY or machine.KEY (e.g. --set machine.KEY=A,B for an axis of two values; a nested key by its path, machine.KEY.SUBKEY=VALUE)`);
    }
  });

  it('a misspelt path gets a did-you-mean', () => {
    expect(parseSets(['kernal=2.6.28'])).toMatchObject({ ok: false, message: expect.stringMatching(/ \(did you mean kernel\?\)$/) });
    expect(parseSets(['machin.hypervisor=vmi'])).toMatchObject({ ok: false, message: expect.stringMatching(/ \(did you mean machine\?\)$/) });
    expect(parseSets(['setup_arch=x'])).toMatchObject({ ok: false, message: expect.not.stringMatching(/did you mean/) });
  });

  it('a key with a character no key has says which, and the key it is a slip of, as an unknown key does (break-192 5)', () => {
    const keys = (path: readonly string[]): readonly string[] => (path.join('.') === 'machine' ? ['memory', 'cpu'] : path.join('.') === 'machine.cpu' ? ['pge', 'pse'] : []);
    const rule = 'unknown key: a key has only a–z, 0–9 and _ (not a digit first)';
    expect(parseSets(['machine.me-mory=1G'], keys)).toEqual({ ok: false, message: `--set machine.me-mory=1G: machine.me-mory: ${rule}, and me-mory has "-" (did you mean memory?)` });
    expect(parseSets(['machine.mem\x1bory=1G'], keys)).toEqual({ ok: false, message: `--set machine.mem\x1bory=1G: machine.mem\x1bory: ${rule}, and mem\x1bory has "\\x1b" (did you mean memory?)` });
    expect(parseSets(['machine.1memory=1G'], keys)).toMatchObject({ ok: false, message: expect.stringMatching(/: machine\.1memory: unknown key: .*, and 1memory starts with a digit \(did you mean memory\?\)$/) });
    expect(parseSets(['machine.cpu.P-GE=false'], keys)).toMatchObject({ ok: false, message: expect.stringMatching(/: machine\.cpu\.P-GE: unknown key: .*, and P-GE has "P" \(did you mean pge\?\)$/) });
    // no near key: no guess; without the keys the caller is told to look them up (badKey)
    expect(parseSets(['machine.x-y=1'], keys)).toEqual({ ok: false, message: `--set machine.x-y=1: machine.x-y: ${rule}, and x-y has "-"` });
    expect(parseSets(['machine.me-mory=1G'])).toMatchObject({ ok: false, badKey: true });
    // an empty segment writes no key at all: the generic message
    expect(parseSets(['machine..memory=1G'], keys)).toMatchObject({ ok: false, message: expect.stringMatching(/expected PATH=VALUE/) });
    // an unknown key before the one with the bad character is the first thing wrong (break-194 6)
    expect(parseSets(['machine.cpux.n-x=1'], keys)).toEqual({ ok: false, message: '--set machine.cpux.n-x=1: machine.cpux: unknown key (did you mean cpu?)' });
    // a key that takes one value has no keys under it (break-195 4)
    expect(parseSets(['machine.memory.x-y=1'], keys)).toEqual({ ok: false, message: '--set machine.memory.x-y=1: machine.memory.x-y: machine.memory takes one value, not keys' });
  });

  it('--matrix over files of two architectures is refused by the shared loading (suggest and constraints)', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const files = ['scenarios/x86_32/2.6.27-vmi.yaml', 'scenarios/riscv/v5.14.yaml', 'scenarios/arm64/v4.4.yaml'];
      expect(await loadMachines(files, [], { matrix: true })).toEqual({
        ok: false,
        usage: '--matrix makes one answer over machines of one architecture, but scenarios/x86_32/2.6.27-vmi.yaml is x86_32, scenarios/riscv/v5.14.yaml is riscv and scenarios/arm64/v4.4.yaml is arm64: reason over each architecture in its own run, or leave out --matrix for one answer per machine',
        problems: [],
      });
      expect(await loadMachines(files, [])).toMatchObject({ ok: true });
      expect(await loadMachines(['scenarios/riscv/v5.14.yaml', 'scenarios/riscv/v5.10.yaml'], [], { matrix: true })).toMatchObject({ ok: true });
    } finally {
      process.chdir(cwd);
    }
  });

  it('loads as variants of the file, named like matrix variants, with the overrides in the name', async () => {
    const ms = await machinesOf('scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['kernel=2.6.27-rc3', 'config.pae=false,true']);
    expect(ms.map((m) => [m.scenario.file, m.scenario.variant, m.scenario.kernel.text, (m.scenario.config as { pae: boolean }).pae])).toEqual([
      ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'kernel=2.6.27-rc3,pae=false', '2.6.27-rc3', false],
      ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'kernel=2.6.27-rc3,pae=true', '2.6.27-rc3', true],
    ]);
    // the steps keep their places in the file
    expect(ms[0]?.scenario.steps[40]).toMatchObject({ call: 'vmi_init', index: 41 });
    await expect(machinesOf('scenarios/x86_32/2.6.27-rc1-vmi.yaml', ['machine.hypervisor=kvm'])).rejects.toThrow(/hypervisor/);
  });

  describe('on a file with a matrix: --set replaces the axis of the same path, the other axes combine', () => {
    const FILE = 'scenarios/x86_32/variants/rc3-fix-matrix.yaml'; // hypervisor × memory × pae, Xen non-PAE excluded: 10 variants
    const hv = (m: { scenario: { machine: unknown } }): string => (m.scenario.machine as { hypervisor: string }).hypervisor;

    it('one value of an axis: every variant is built with it and named by it once', async () => {
      const ms = await machinesOf(FILE, ['machine.hypervisor=vmi']);
      expect(ms.map((m) => m.scenario.variant)).toEqual([
        'hypervisor=vmi,memory=512MiB,pae=false', 'hypervisor=vmi,memory=512MiB,pae=true',
        'hypervisor=vmi,memory=4GiB,pae=false', 'hypervisor=vmi,memory=4GiB,pae=true',
      ]);
      expect(ms.every((m) => hv(m) === 'vmi')).toBe(true);
    });

    it('several values of an axis keep the file\'s other axes and its exclude', async () => {
      const ms = await machinesOf(FILE, ['machine.memory=1GiB,2GiB']);
      expect(ms).toHaveLength(10);
      expect(ms.map((m) => m.scenario.variant)).toContain('hypervisor=xen,memory=2GiB,pae=true');
      expect(ms.map((m) => m.scenario.variant)).not.toContain('hypervisor=xen,memory=2GiB,pae=false');
      expect(new Set(ms.map((m) => (m.scenario.machine as { memory: number }).memory))).toEqual(new Set([2 ** 30, 2 ** 31]));
    });

    it('a path that is not an axis adds one: the product with the file\'s matrix', async () => {
      const ms = await machinesOf(FILE, ['kernel=2.6.28', 'config.debug_highmem=true']);
      expect(ms).toHaveLength(10);
      expect(ms[0]?.scenario.variant).toBe('kernel=2.6.28,debug_highmem=true,hypervisor=none,memory=512MiB,pae=false');
    });
  });

  describe('on a file whose include: entries set a key that is no axis: the --set value wins there too', () => {
    // the rc1 VMI base (512 MiB), a matrix over hypervisor, and an include that gives the VMI variant 4 GiB
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-set-include-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    const INC = 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n  include:\n    - {machine.hypervisor: vmi, machine.memory: 4GiB}\n';
    writeFileSync(join(dir, 'inc.yaml'), INC);
    writeFileSync(join(dir, 'pge.yaml'), 'extends: base.yaml\nmatrix:\n  machine.cpu.pse: [true, false]\n  include:\n    - {machine.cpu.pse: false, machine.cpu.pge: false}\n');
    writeFileSync(join(dir, 'own.yaml'), `${INC}    - {machine.hypervisor: xen, machine.memory: 4GiB, config.pae: true}\n`);
    writeFileSync(join(dir, 'only.yaml'), 'extends: base.yaml\nmatrix:\n  include:\n    - {machine.memory: 4GiB}\n');
    const memory = (m: { scenario: { machine: unknown } }): number => (m.scenario.machine as { memory: number }).memory;
    const MiB = 2 ** 20;
    const rows = async (file: string, sets: readonly string[]): Promise<(string | number | boolean | undefined)[][]> => {
      const r = await loadMachines([join(dir, file)], sets);
      if (!r.ok) throw new Error(r.usage ?? r.problems.map((p) => p.message).join('; '));
      return r.machines.map((m) => [m.scenario.variant, memory(m) / MiB, (m.scenario.config as { pae: boolean }).pae]);
    };

    it('one value: every variant has it, and the name says it once (was memory=512MiB,hypervisor=vmi,memory=4GiB, replaying 4 GiB)', async () => {
      expect(await rows('inc.yaml', [])).toEqual([['hypervisor=none', 512, false], ['hypervisor=vmi,memory=4GiB', 4096, false]]);
      expect(await rows('inc.yaml', ['machine.memory=512MiB'])).toEqual([['memory=512MiB,hypervisor=none', 512, false], ['memory=512MiB,hypervisor=vmi', 512, false]]);
      // a value equal to the entry's: still said once
      expect(await rows('inc.yaml', ['machine.memory=4GiB'])).toEqual([['memory=4GiB,hypervisor=none', 4096, false], ['memory=4GiB,hypervisor=vmi', 4096, false]]);
      // an entry's other keys stay, and its own combination (Xen) gets the value too
      expect(await rows('own.yaml', ['machine.memory=1GiB'])).toEqual([
        ['memory=1GiB,hypervisor=none', 1024, false], ['memory=1GiB,hypervisor=vmi', 1024, false], ['memory=1GiB,hypervisor=xen,pae=true', 1024, true],
      ]);
      // a matrix of include entries only, all of them about the key: one machine
      expect(await rows('only.yaml', ['machine.memory=1GiB'])).toEqual([['memory=1GiB', 1024, false]]);
      // include entries only, each a machine of its own: each keeps its machine with the value (helper-199 3: the VMI
      // machine was lost, and two values gave 2 machines, not 4)
      writeFileSync(join(dir, 'only2.yaml'), 'extends: base.yaml\nmatrix:\n  include:\n    - {machine.memory: 1GiB}\n    - {machine.memory: 4GiB, config.pae: true}\n');
      expect(await rows('only2.yaml', [])).toEqual([['memory=1GiB', 1024, false], ['memory=4GiB,pae=true', 4096, true]]);
      expect(await rows('only2.yaml', ['machine.memory=2GiB'])).toEqual([['memory=2GiB', 2048, false], ['memory=2GiB,pae=true', 2048, true]]);
      // two entries the --set value makes one machine ("quiet" and "quiet " are one command line): kept once, not a
      // repeat the user wrote (helper-200 3); two --set values that repeat each other still are an error
      writeFileSync(join(dir, 'only3.yaml'), 'extends: base.yaml\nmatrix:\n  include:\n    - {machine.memory: 1GiB, machine.cmdline: quiet}\n    - {machine.memory: 2GiB, machine.cmdline: "quiet "}\n');
      expect(await rows('only3.yaml', ['machine.memory=4GiB'])).toEqual([['memory=4GiB,cmdline=quiet', 4096, false]]);
      // said as for an axis of --set values, once (helper-200 4: the include message, once per entry)
      await expect(rows('only3.yaml', ['machine.memory=1GiB,1024MiB'])).rejects.toThrow(/^[^;]*machine\.memory, value 2: 1024MiB repeats value 1 \(the same value\)$/);
      expect(await rows('only2.yaml', ['machine.memory=2GiB,512MiB'])).toEqual([
        ['memory=2GiB', 2048, false], ['memory=512MiB', 512, false], ['memory=2GiB,pae=true', 2048, true], ['memory=512MiB,pae=true', 512, true],
      ]);
    });

    it('a nested key (machine.cpu.pge), whose siblings stay', async () => {
      const r = await loadMachines([join(dir, 'pge.yaml')], ['machine.cpu.pge=true']);
      if (!r.ok) throw new Error('invalid');
      expect(r.machines.map((m) => [m.scenario.variant, (m.scenario.machine as { cpu: { pse: boolean; pge: boolean } }).cpu])).toEqual([
        ['pge=true,pse=true', expect.objectContaining({ pse: true, pge: true })],
        ['pge=true,pse=false', expect.objectContaining({ pse: false, pge: true })],
      ]);
    });

    it('several values: an axis, and each entry applies once per value instead of its own', async () => {
      expect(await rows('own.yaml', ['machine.memory=512MiB,1GiB'])).toEqual([
        ['hypervisor=none,memory=512MiB', 512, false], ['hypervisor=none,memory=1GiB', 1024, false],
        ['hypervisor=vmi,memory=512MiB', 512, false], ['hypervisor=vmi,memory=1GiB', 1024, false],
        ['hypervisor=xen,memory=512MiB,pae=true', 512, true], ['hypervisor=xen,memory=1GiB,pae=true', 1024, true],
      ]);
      // an entry that does not name the path: its own combination is built with each --set value, not the file's plain one
      const kernels = await loadMachines([join(dir, 'own.yaml')], ['kernel=2.6.27-rc1,2.6.27-rc3']);
      if (!kernels.ok) throw new Error('invalid');
      expect(kernels.machines.map((m) => `${m.scenario.variant ?? ''} ${m.scenario.kernel.text}`).slice(4)).toEqual([
        'hypervisor=xen,kernel=2.6.27-rc1,memory=4GiB,pae=true 2.6.27-rc1', 'hypervisor=xen,kernel=2.6.27-rc3,memory=4GiB,pae=true 2.6.27-rc3',
      ]);
    });

    it('the overlay: entries stop setting a one-value path, take each of several, and are kept once', () => {
      const sets = (...args: string[]): ReturnType<typeof parseSets> & { ok: true } => {
        const p = parseSets(args);
        if (!p.ok) throw new Error(p.message);
        return p;
      };
      const file = parse(`matrix:\n  machine.hypervisor: [none, vmi]\n  include:\n    - {machine.hypervisor: vmi, machine.memory: 4GiB}\n    - {machine.hypervisor: xen, machine.memory: 4GiB}\n    - {machine.hypervisor: xen, machine.memory: 1GiB}\n`) as { matrix: Record<string, unknown> };
      expect(parse(overlayText('f.yaml', sets('machine.memory=512MiB').axes, file.matrix))).toEqual({
        extends: 'f.yaml',
        machine: { memory: '512MiB' },
        // {hypervisor: vmi} fits the VMI combination and adds nothing; the two Xen entries are one now
        matrix: { 'machine.hypervisor': ['none', 'vmi'], include: [{ 'machine.hypervisor': 'vmi' }, { 'machine.hypervisor': 'xen' }] },
      });
      expect(parse(overlayText('f.yaml', sets('machine.memory=512MiB,1GiB').axes, file.matrix))).toEqual({
        extends: 'f.yaml',
        matrix: {
          'machine.hypervisor': ['none', 'vmi'],
          'machine.memory': ['512MiB', '1GiB'],
          include: [
            { 'machine.hypervisor': 'vmi', 'machine.memory': '512MiB' }, { 'machine.hypervisor': 'vmi', 'machine.memory': '1GiB' },
            { 'machine.hypervisor': 'xen', 'machine.memory': '512MiB' }, { 'machine.hypervisor': 'xen', 'machine.memory': '1GiB' },
          ],
        },
      });
      // an axis path narrows the axis; the entries naming it are kept for the composer, which drops those naming a
      // value the axis no longer has as the schema reads them (text cannot tell 4096MiB is 4GiB: helper-178, F2)
      expect(parse(overlayText('f.yaml', sets('machine.hypervisor=vmi').axes, file.matrix))).toEqual({
        extends: 'f.yaml',
        matrix: { 'machine.hypervisor': ['vmi'], include: (file.matrix['include'] as unknown[]) },
      });
      // include entries only: each entry is a variant, so each takes the values itself (helper-199 3: a plain key
      // emptied the entries that only set it, and their machines were lost)
      expect(parse(overlayText('f.yaml', sets('machine.memory=1GiB').axes, { include: [{ 'machine.memory': '4GiB' }] }))).toEqual({
        extends: 'f.yaml', matrix: { include: [{ 'machine.memory': '1GiB' }] },
      });
      expect(parse(overlayText('f.yaml', sets('machine.memory=1GiB,2GiB').axes, { include: [{ 'machine.memory': '4GiB' }, { 'machine.hypervisor': 'none' }] }))).toEqual({
        extends: 'f.yaml',
        matrix: {
          include: [
            { 'machine.memory': '1GiB' }, { 'machine.memory': '2GiB' },
            { 'machine.hypervisor': 'none', 'machine.memory': '1GiB' }, { 'machine.hypervisor': 'none', 'machine.memory': '2GiB' },
          ],
        },
      });
    });

    it('an exclude or include entry naming an axis value --set still has, spelled otherwise (4096MiB, 0x100000000 for 4GiB), still applies', async () => {
      writeFileSync(join(dir, 'spelled.yaml'), 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n  machine.memory: [512MiB, 4GiB]\n  exclude:\n    - {machine.hypervisor: vmi, machine.memory: 4GiB}\n  include:\n    - {machine.memory: 4GiB, config.pae: true}\n');
      const file = await rows('spelled.yaml', []);
      expect(file).toEqual([['hypervisor=none,memory=512MiB', 512, false], ['hypervisor=none,memory=4GiB,pae=true', 4096, true], ['hypervisor=vmi,memory=512MiB', 512, false]]);
      // the same machines under the --set spelling (before: 4 machines, the excluded VMI 4 GiB one back and PAE lost)
      for (const big of ['4096MiB', '0x100000000', '4GiB']) {
        expect(await rows('spelled.yaml', [`machine.memory=512MiB,${big}`])).toEqual(file.map(([v, m, pae]) => [String(v).replace('4GiB', big), m, pae]));
      }
      // a value the axis no longer has: its entries can match nothing and go, without a problem
      expect(await rows('spelled.yaml', ['machine.memory=512MiB,1GiB'])).toEqual([
        ['hypervisor=none,memory=512MiB', 512, false], ['hypervisor=none,memory=1GiB', 1024, false],
        ['hypervisor=vmi,memory=512MiB', 512, false], ['hypervisor=vmi,memory=1GiB', 1024, false],
      ]);
      // an entry naming a value an axis --set left alone does not have is still the file's mistake
      writeFileSync(join(dir, 'typo.yaml'), 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n  machine.memory: [1GiB, 2GiB]\n  exclude:\n    - {machine.hypervisor: xen}\n');
      await expect(rows('typo.yaml', ['machine.memory=1GiB,2GiB'])).rejects.toThrow(/exclude\[0\]\["machine.hypervisor"\]: xen is not a value of the axis/);
    });

    it('never names a key twice: a key that ends like another of the name is written as its whole path', () => {
      const p = parseSets(['machine.cpu.pge=true', 'kernel=2.6.27-rc3']);
      if (!p.ok) throw new Error(p.message);
      expect(overrideName(p.axes, { 'machine.cpu.pse': [true, false], include: [{ 'machine.cpu.pse': false, 'machine.cpu.pge': false }] })).toBe('pge=true,kernel=2.6.27-rc3');
      // another path of the name ends in pge (a hypothetical config.pge axis): the whole path
      expect(overrideName(p.axes, { 'config.pge': [true, false] })).toBe('machine.cpu.pge=true,kernel=2.6.27-rc3');
      expect(overrideName(p.axes, { 'machine.memory': ['1GiB', '2GiB'], include: [{ 'config.pge': true }] })).toBe('machine.cpu.pge=true,kernel=2.6.27-rc3');
      // include entries only: every entry carries the --set values, and the composer's names say them (and make them distinct)
      expect(overrideName(p.axes, { include: [{ 'config.pge': true }] })).toBeUndefined();
    });
  });

  describe('RAM given the other way by a matrix axis (ArchPlugin.supersedes) under --set (helper-182, 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-set-supersede-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'root.yaml'), readFileSync(join(ROOT, 'scenarios/arm64/v4.6.yaml'), 'utf8'));
    const BANKS = 'machine:\n  banks: [{base: 0x80000000, size: 1GiB}, {base: 0x100000000, size: 1GiB}]\n';
    writeFileSync(join(dir, 'banks.yaml'), `extends: root.yaml\n${BANKS}`);
    writeFileSync(join(dir, 'axis.yaml'), 'extends: banks.yaml\nmatrix:\n  machine.memory: [1GiB, 4GiB]\n');
    writeFileSync(join(dir, 'both.yaml'), `extends: root.yaml\n${BANKS}matrix:\n  machine.memory: [1GiB, 4GiB]\n`);
    const outcome = async (file: string, sets: readonly string[]): Promise<string[]> => {
      const r = await loadMachines([join(dir, file)], sets);
      return r.ok ? r.machines.map((m) => `${m.scenario.variant ?? ''}: ${(m.scenario.machine as { banks: unknown[] }).banks.length} bank`) : r.problems.map((p) => p.message);
    };

    it('the file\'s own axis over a base\'s banks drops them with or without --set', async () => {
      expect(await outcome('axis.yaml', [])).toEqual(['memory=1GiB: 1 bank', 'memory=4GiB: 1 bank']);
      expect(await outcome('axis.yaml', ['config.va_bits=48'])).toEqual(['va_bits=48,memory=1GiB: 1 bank', 'va_bits=48,memory=4GiB: 1 bank']);
    });

    it('a file that gives banks and a memory axis itself is refused under --set of another key, as without it', async () => {
      const bad = await outcome('both.yaml', ['config.va_bits=48']);
      expect(bad).toHaveLength(2);
      for (const p of bad) expect(p).toMatch(/machine\.memory: give either banks: or memory:\/phys_offset:, not both$/);
    });

    it('--set of the memory itself, one value or several, gives RAM the other way as a derived file would', async () => {
      expect(await outcome('banks.yaml', ['machine.memory=512MiB,1GiB'])).toEqual(['memory=512MiB: 1 bank', 'memory=1GiB: 1 bank']);
      expect(await outcome('banks.yaml', ['machine.memory=512MiB'])).toEqual(['memory=512MiB: 1 bank']);
    });
  });
});
