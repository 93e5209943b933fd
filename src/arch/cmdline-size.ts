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
