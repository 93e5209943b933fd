/**
 * What the command line's acpi= parameters leave in ACPI's flags once parse_early_param() has run.
 *
 * - parse_early_param() runs early_param("acpi", parse_acpi) for every acpi= in command-line order, and
 *   prints "Malformed early option 'acpi'" for one it rejects (init/main.c:485-496 do_early_param at
 *   caglar10ur/linux-2.6.27.y@3fa8749e584b).
 * - parse_acpi() compares the whole value with strcmp (case and all): off → disable_acpi(); force →
 *   acpi_force = 1, acpi_ht = 1, acpi_disabled = 0; ht → disable_acpi() unless acpi_force, then acpi_ht = 1;
 *   strict and noirq leave both flags; anything else returns -EINVAL and changes nothing
 *   (arch/x86/kernel/acpi/boot.c:1344-1378 at 2.6.26 bce7f793da, :1718-1752 at 2.6.27-rc1 6e86841d05f,
 *   :1748-1782 at 2.6.27 3fa8749e584b; DerArtem/android-tegra-2.6.36-hc-dev@22763c5cf36 (2.6.32):1624-1662 with
 *   rsdt from 237889bf0a6 (2.6.29-rc1); @67a3e12b05e (2.6.35-rc1):1578-1613 without ht, which 68ca406930d
 *   deleted, and with copy_dsdt).
 * - disable_acpi(): acpi_disabled = 1, acpi_ht = 0 (include/asm-x86/acpi.h:97-103 at 6e86841d05f and
 *   3fa8749e584b, :96-102 at bce7f793da; arch/x86/include/asm/acpi.h:97-103 at 22763c5cf36); from 2.6.35-rc1
 *   there is no acpi_ht (acpi.h:96-101 at 67a3e12b05e).
 * - At boot acpi_disabled = 0 with CONFIG_ACPI (boot.c:51-55 at 3fa8749e584b) and acpi_ht = 1 (:81).
 * - acpi_boot_table_init(), early_acpi_boot_init() and acpi_boot_init() bail out `if (acpi_disabled &&
 *   !acpi_ht)` (boot.c:1270, :1307, :1324 at bce7f793da; :1644, :1681, :1698 at 6e86841d05f; :1674, :1711,
 *   :1728 at 3fa8749e584b; :1547, :1584, :1604 at 22763c5cf36), from 2.6.35-rc1 `if (acpi_disabled)`
 *   (:1504, :1536, :1555 at 67a3e12b05e).
 * So the last of off / force / ht decides, except that ht after force leaves ACPI on: `acpi=off acpi=force`
 * and `acpi=off acpi=ht` parse the tables (break-290 F1).
 */
import type { CmdlineParam } from './cmdline.js';
import { ACPI_COPY_DSDT_OPTION, ACPI_HT_REMOVED, ACPI_RSDT_OPTION, ACPI_TABLE_PARSE_CHECKS_DISABLED, has, type Change } from './history.js';
import type { KernelVersion } from './kernel-version.js';

export type AcpiParam = Extract<CmdlineParam, { name: 'acpi' }>;

/** An acpi= value parse_acpi() returns -EINVAL for on this kernel, and why. */
export interface RejectedAcpiParam {
  readonly param: AcpiParam;
  /** null: no kernel of the modeled range knows it; else the change that added (or removed) the value */
  readonly change: Change | null;
  readonly removed: boolean;
}

/** ACPI's flags after parse_early_param(). */
export interface AcpiReading {
  /** acpi_disabled */
  readonly disabled: boolean;
  /** acpi_boot_table_init() and the MADT readers go on: !(acpi_disabled && !acpi_ht) (2.6.35-rc1+: !acpi_disabled) */
  readonly tables: boolean;
  /** the acpi= parameters parse_acpi() rejects, in command-line order */
  readonly rejected: readonly RejectedAcpiParam[];
  /** acpi_table_parse() returns -ENODEV while acpi_disabled (2.6.32-rc1+, history.ts ACPI_TABLE_PARSE_CHECKS_DISABLED) */
  readonly parseChecksDisabled: boolean;
}

/** Why parse_acpi() rejects a value on this kernel, or null when it takes it. */
function rejection(kernel: KernelVersion, value: string): { change: Change | null; removed: boolean } | null {
  switch (value) {
    case 'off':
    case 'force':
    case 'strict':
    case 'noirq':
      return null;
    case 'ht':
      return has(kernel, ACPI_HT_REMOVED) ? { change: ACPI_HT_REMOVED, removed: true } : null;
    case 'rsdt':
      return has(kernel, ACPI_RSDT_OPTION) ? null : { change: ACPI_RSDT_OPTION, removed: false };
    case 'copy_dsdt':
      return has(kernel, ACPI_COPY_DSDT_OPTION) ? null : { change: ACPI_COPY_DSDT_OPTION, removed: false };
    default:
      return { change: null, removed: false };
  }
}

/** The acpi= values parse_acpi() takes on this kernel, in its order of tests. */
export function acpiValues(kernel: KernelVersion): readonly string[] {
  return ['off', 'force', 'strict', 'ht', 'rsdt', 'noirq', 'copy_dsdt'].filter((v) => rejection(kernel, v) === null);
}

/**
 * Folds the acpi= parameters through parse_acpi() in command-line order.
 * @param configAcpi CONFIG_ACPI (without it acpi_disabled is 1 and stays so: no parse_acpi() is built)
 */
export function readAcpiParams(params: readonly CmdlineParam[], kernel: KernelVersion, configAcpi: boolean): AcpiReading {
  let disabled = !configAcpi;
  let ht = true;
  let force = false;
  const rejected: RejectedAcpiParam[] = [];
  for (const p of params) {
    if (p.name !== 'acpi') continue;
    const r = rejection(kernel, p.value);
    if (r !== null) {
      // reported whether or not CONFIG_ACPI builds parse_acpi() (cmdline-not-modeled reads machine and kernel only)
      rejected.push({ param: p, ...r });
      continue;
    }
    if (!configAcpi) continue;
    if (p.value === 'off') {
      disabled = true;
      ht = false;
    } else if (p.value === 'force') {
      force = true;
      ht = true;
      disabled = false;
    } else if (p.value === 'ht') {
      if (!force) disabled = true;
      ht = true;
    }
  }
  const htGone = has(kernel, ACPI_HT_REMOVED);
  // without CONFIG_ACPI acpi_boot_table_init() is an empty inline (include/linux/acpi.h:253 at 3fa8749e584b, :306 at 22763c5cf36)
  return { disabled, tables: configAcpi && (htGone ? !disabled : !(disabled && !ht)), rejected, parseChecksDisabled: has(kernel, ACPI_TABLE_PARSE_CHECKS_DISABLED) };
}
