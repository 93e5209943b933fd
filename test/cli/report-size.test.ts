/**
 * A report longer than V8's longest string (seven copies of a 4,096-variant
 * matrix file made a 396 MB HTML report; ten would not fit) is refused with
 * the limit named, exit 2, never "internal error". The real input takes
 * gigabytes and tens of seconds, so the builder here meets V8's own refusal
 * the cheap way: String.prototype.repeat past the limit throws the same
 * RangeError that JSON.stringify and join throw.
 */
import { describe, expect, it } from 'vitest';
import { isReportTooLong, MAX_REPORT_CHARS, withinReportLimit } from '../../src/cli/report-size.js';

describe('a report longer than V8 can hold', () => {
  it('is refused with one line naming the limit and what to do', async () => {
    const lines: string[] = [];
    const made = await withinReportLimit(() => 'x'.repeat(MAX_REPORT_CHARS + 1), 'the html report of 40960 results with 245760 findings', 'replay fewer variants', (l) => lines.push(l));
    expect(made).toBeUndefined();
    expect(lines).toEqual([`bootreplay: the html report of 40960 results with 245760 findings would be longer than the longest string Node can hold (${MAX_REPORT_CHARS} characters): replay fewer variants\n`]);
  });

  it('a report within the limit is returned as built, and nothing is said', async () => {
    const lines: string[] = [];
    expect(await withinReportLimit(async () => Promise.resolve('report\n'), 'r', 'x', (l) => lines.push(l))).toBe('report\n');
    expect(lines).toEqual([]);
  });

  it('other errors are not taken for it, a RangeError of another kind neither', async () => {
    const deep = (n: number): number => (n === 0 ? 0 : 1 + deep(n - 1));
    await expect(withinReportLimit(() => deep(1e7), 'r', 'x', () => undefined)).rejects.toThrow(RangeError);
    expect(isReportTooLong(new Error('Invalid string length'))).toBe(false);
  });
});
