/**
 * The one limit no input limit can keep a report under: a report is one
 * string, and V8 holds strings of at most buffer.constants.MAX_STRING_LENGTH
 * UTF-16 code units (Node 20 on 64 bits: 2^29 − 24, about 512 Mi). A
 * 735-byte matrix file (two 64-value axes) has 4,096 variants; seven copies
 * of it make a 396 MB HTML report, ten would not fit. Each format writes each
 * finding with its evidence, so the size grows with files × variants ×
 * findings, which the loader's limits bound one by one, not all at once.
 * Past the limit a formatter throws V8's RangeError ("Invalid string
 * length"); the command then refuses the report with this limit named and
 * what to do (exit 2), never an internal error.
 */
import { constants } from 'node:buffer';

/** The longest report, in UTF-16 code units (V8's longest string). */
export const MAX_REPORT_CHARS = constants.MAX_STRING_LENGTH;

/** Whether `err` is V8's refusal to make a string longer than MAX_REPORT_CHARS (JSON.stringify, join, concatenation). */
export function isReportTooLong(err: unknown): boolean {
  return err instanceof RangeError && err.message === 'Invalid string length';
}

/**
 * `build()`'s report, or, when it would be longer than MAX_REPORT_CHARS,
 * undefined and `refuse` told why (one line, for stderr).
 *
 * @param what the report, as the message names it ("the html report of 28672 results with 172032 findings")
 * @param remedy what makes it smaller
 * @throws whatever else `build` throws
 */
export async function withinReportLimit<T>(build: () => T | Promise<T>, what: string, remedy: string, refuse: (line: string) => void): Promise<T | undefined> {
  try {
    return await build();
  } catch (err) {
    if (!isReportTooLong(err)) throw err;
    refuse(`bootreplay: ${what} would be longer than the longest string Node can hold (${MAX_REPORT_CHARS} characters): ${remedy}\n`);
    return undefined;
  }
}
