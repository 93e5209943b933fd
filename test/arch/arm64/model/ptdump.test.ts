/**
 * arm64 `layout --ptdump` against each version's arch/arm64/mm/dump.c, byte
 * for byte on the lines:
 *   v4.4 rivsidn/linux-4.4.155@a1961d75: pte_bits[] without PTE_VALID, "%9lu%c", markers from "vmalloc() Area";
 *   v4.6 chenlihao92/archlinux-4.6.5@b9b6ded1: {PTE_VALID, " ", "F"} first, "%9lu%c", markers from "Modules start";
 *   v4.7 calebwilliamsd/linux-4.7.4-casio@01851de9: "%9lu%c %s" with pg_level[].name, "Kasan shadow start/end" under CONFIG_KASAN.
 * Shared tables (kasan_zero_*) are walked like any other table: their
 * entries print as merged runs of kasan_zero_page's PTE attributes.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ptdumpOf } from '../../ptdump-of.js';

/** the dump's rows, without the head line */
function dump(file: string, text?: string): string[] {
  return ptdumpOf(file, text).slice(1);
}

/** a shipped scenario with `config:` keys added (each shipped arm64 file has a config: block) */
function withConfig(file: string, extra: string): string {
  return readFileSync(file, 'utf8').replace(/^config:\n/m, `config:\n  ${extra}\n`);
}

const RANGE = /^0x[0-9a-f]{16}-0x[0-9a-f]{16} {3}[ 0-9]{8}\d[KMGTPE]/;

describe('arm64 layout --ptdump, per version', () => {
  it('v4.4: no PTE_VALID column (pte_bits[] starts with PTE_USER), no level name', () => {
    const rows = dump('scenarios/arm64/v4.4.yaml');
    // "%9lu%c", then " " + "   " (USR clear), then " RW"
    expect(rows).toContain('0xffffffbdc0000000-0xffffffbdc2000000          32M     RW NX SHD AF        BLK UXN MEM/NORMAL');
  });

  it('v4.6: the PTE_VALID column (" ") before USR, no level name', () => {
    expect(dump('scenarios/arm64/v4.6.yaml')).toContain('0xffffffbdc0000000-0xffffffbdc2000000          32M       RW NX SHD AF        BLK UXN MEM/NORMAL');
  });

  it('v4.7: the level name after the size (PTE, PMD, PUD with 4 levels)', () => {
    const rows = dump('scenarios/arm64/v4.7.yaml');
    expect(rows).toContain('0xffff000008080000-0xffff000008200000        1536K PTE       ro x  SHD AF            UXN MEM/NORMAL');
    expect(rows).toContain('0xffff000008200000-0xffff000008800000           6M PMD       ro x  SHD AF        BLK UXN MEM/NORMAL');
    expect(rows).toContain('0xffff800040000000-0xffff800100000000           3G PUD       RW NX SHD AF        BLK UXN MEM/NORMAL');
    expect(rows.filter((r) => RANGE.test(r)).every((r) => / (PGD|PUD|PMD|PTE) /.test(r))).toBe(true);
  });

  it('v4.7, 3 levels: the pud level is named PGD (CONFIG_PGTABLE_LEVELS 3)', () => {
    const rows = dump('v47-39.yaml', withConfig('scenarios/arm64/v4.7.yaml', 'va_bits: 39').replace(/^ {2}va_bits: 48\n/m, ''));
    expect(rows).toContain('0xffffffc040000000-0xffffffc100000000           3G PGD       RW NX SHD AF        BLK UXN MEM/NORMAL');
    expect(rows.some((r) => / PUD /.test(r))).toBe(false);
  });

  it('v4.7 with KASAN: "Kasan shadow start" is the first header; the shared kasan_zero tables print as merged PTE runs', () => {
    const rows = dump('v47-kasan.yaml', withConfig('scenarios/arm64/v4.7.yaml', 'kasan: true'));
    expect(rows[0]).toBe('---[ Kasan shadow start ]---');
    expect(rows[1]).toBe('0xffff000000000000-0xffff040000000000           4T PTE       ro NX SHD AF            UXN MEM/NORMAL');
    expect(rows.indexOf('---[ Kasan shadow end ]---')).toBeLessThan(rows.indexOf('---[ Modules start ]---'));
    expect(rows.some((r) => r.includes('→'))).toBe(false);
  });

  it('v4.6 with KASAN: no KASAN marker; the shadow prints under "Modules start", never before a header', () => {
    const rows = dump('v46-kasan.yaml', withConfig('scenarios/arm64/v4.6.yaml', 'kasan: true'));
    expect(rows[0]).toBe('---[ Modules start ]---');
    expect(rows[1]).toBe('0xffffff8000000000-0xffffff8200000000           8G       ro NX SHD AF            UXN MEM/NORMAL');
  });

  it('v4.4 with KASAN: kasan_zero_pte stays PAGE_KERNEL (no RO remap in v4.4), under "vmalloc() Area"', () => {
    const rows = dump('scenarios/arm64/v4.4-debug-rodata-kasan.yaml');
    expect(rows[0]).toBe('---[ vmalloc() Area ]---');
    expect(rows[1]).toMatch(/^0xffffff8000000000-0x[0-9a-f]{16} +\d+M {5}RW NX SHD AF {12}UXN MEM\/NORMAL$/);
  });
});
