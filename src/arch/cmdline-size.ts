/**
 * The longest command line a kernel takes: the boot code copies it into
 * boot_command_line[COMMAND_LINE_SIZE] with strlcpy(), so at most
 * COMMAND_LINE_SIZE - 1 bytes reach parse_early_param(). Shared by the
 * architectures whose scenarios have a `machine.cmdline`.
 *
 * A longer line is an input error, not a line the model truncates: what lies
 * past the limit never reaches the kernel, and a scenario that writes it
 * there describes a boot the kernel cannot have (an earlycon= or cma= past
 * byte 2047 mapped a slot and reserved memory, break-196 2).
 */

/**
 * The problem of a command line longer than the kernel takes, or undefined when it fits.
 *
 * @param cmdline the scenario's machine.cmdline (its length counts in UTF-8 bytes, as the kernel's buffer does)
 * @param commandLineSize the architecture's COMMAND_LINE_SIZE, bytes (the buffer, with its NUL)
 */
export function cmdlineSizeProblem(cmdline: string, commandLineSize: number): string | undefined {
  // a JS string never takes more UTF-8 bytes than 3 per UTF-16 unit: most lines skip the byte count
  if (cmdline.length * 3 < commandLineSize) return undefined;
  const bytes = Buffer.byteLength(cmdline);
  if (bytes < commandLineSize) return undefined;
  return `machine.cmdline: ${bytes} bytes, longer than the kernel takes (COMMAND_LINE_SIZE ${commandLineSize}: at most ${commandLineSize - 1} bytes)`;
}

/**
 * The problem of a command line holding a NUL, with the NUL's offset in `cmdline` (UTF-16 units), or undefined.
 *
 * The kernel's command line is a C string: the boot code copies it with strlcpy() (arm64's
 * early_init_dt_scan_chosen() from /chosen/bootargs, drivers/of/fdt.c:961 at 4.4.155 a1961d75), and
 * parse_early_param() copies boot_command_line with strlcpy() before parse_args() (init/main.c:513 at 2.6.27
 * 3fa8749e584b), so nothing after a NUL reaches an early_param handler. A NUL in the scenario's line (YAML
 * "\0") would make the model apply options the kernel never sees (break-255 F4: "quiet\0 reservetop=0xbadc0de"
 * replayed the reservetop=); refused like an over-long line rather than cut, since what follows it is
 * evidently meant to be read.
 *
 * @param cmdline the scenario's machine.cmdline
 */
export function cmdlineNulProblem(cmdline: string): { readonly message: string; readonly offset: number } | undefined {
  const at = cmdline.indexOf('\0');
  if (at < 0) return undefined;
  return {
    offset: at,
    message: 'machine.cmdline: a NUL (\\0) at character ' + String(at + 1) + ': the kernel reads its command line as a C string (strlcpy() into boot_command_line, then parse_early_param()), so nothing after it reaches the kernel; remove the NUL, or end the line there',
  };
}
