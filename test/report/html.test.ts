/**
 * The HTML report as a person sees it: rendered by headless Chromium at
 * 1280 px, then measured in the page (no horizontal scrolling, maps wide
 * enough to read, no label cut off by its map, text not smaller than 10 px),
 * and a screenshot taken. Also: self-contained (nothing to fetch, no script)
 * and hostile names shown as text. Needs Debian's chromium (.ci/run installs
 * it); without it these tests are skipped, except under CI=true.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/html.js';
import { chromium, haveChromium } from './chromium.js';
import { CTX, RC1_VMI, reportOf, shipped, withoutExpect } from './helpers.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script> & </svg>';
const SHIPPED = ['2.6.27-rc1-bare-metal', '2.6.27-rc1-vmi-pae-4g', '2.6.27-rc1-vmi', '2.6.27-rc1-xen-pae', '2.6.27-rc2-vmi-first-proposal', '2.6.27-rc3-vmi-fix', '2.6.27.6-vmi-early-dmi', '2.6.28-vmi']
  .map((n) => `scenarios/x86_32/${n}.yaml`);

/** Measures the page in the browser: appended to a copy of the report, it writes its findings into the DOM. */
const PROBE = `<script>
const maps = [...document.querySelectorAll('svg.map')];
const probe = {
  title: document.title,
  scrollWidth: document.documentElement.scrollWidth,
  scripts: document.scripts.length - 1,
  images: document.images.length,
  hostileText: document.body.textContent.includes(${JSON.stringify(HOSTILE).replace(/</g, '\\u003c')}),
  maps: maps.map((svg) => {
    const box = svg.getBoundingClientRect();
    let outside = 0;
    let smallest = 99;
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) outside++;
      smallest = Math.min(smallest, r.height);
    }
    return { width: box.width, outside, smallest };
  }),
};
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(probe);
document.body.append(pre);
</script>`;

interface Probe {
  title: string;
  scrollWidth: number;
  scripts: number;
  images: number;
  hostileText: boolean;
  maps: { width: number; outside: number; smallest: number }[];
}

describe('--format html', () => {
  it('shows a verified fix as its edit and the lines it writes, escaped', () => {
    const move = { op: 'move', call: { name: 'vmi_init', occurrence: 1 }, where: 'after', anchor: { name: 'find_low_pfn_range', occurrence: 1 } } as const;
    const report = reportOf([{ file: RC1_VMI, text: withoutExpect(shipped(RC1_VMI)), edit: (fs) => fs.map((f) => ({ ...f, fixEdits: [move] })) }]);
    const html = formatHtml(report, CTX);
    expect(html).toContain('<span class="k">verified edit</span><code>move vmi_init after find_low_pfn_range</code>');
    // find_low_pfn_range is line 44, vmi_init 58 (with its two-line note on 59–60): it goes after line 44
    expect(html).toMatch(/<p class="k">insert before line 45<\/p><pre> {2}- call: vmi_init\n {4}note: Must be after max_low_pfn is determined, and before kernel pagetables are setup\. \(setup\.c line\n {6}820\)\n<\/pre>/);
    expect(html).toContain('<p class="k">delete lines 58–60</p>');
  });

  it('shows controls, line breaks and bidi characters of user text as the text report does: escapes, on one line (review 14, 4.3)', () => {
    const name = 'esc\u001b[31mred\u0007 bell\r\nsecond line \u202e rlo';
    const text = withoutExpect(shipped(RC1_VMI)).replace(/^name: .*$/m, `name: ${JSON.stringify(name)}`);
    const html = formatHtml(reportOf([{ file: 'c\u001b.yaml', text }]), CTX);
    expect(html).toContain('<td>esc\\x1b[31mred\\x07 bell\\r\\nsecond line \\u202e rlo</td>');
    expect(html).toContain('<a href="#s1" class="mono">c\\x1b.yaml</a>');
    // nothing XML 1.0 cannot hold (the controls were U+FFFD), and no raw control, CR or bidi character at all
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e\ufffd]/);
  });

  it('shows the fix of a file that extends a base as the patch: items it adds, at the end of the file', () => {
    const dir = 'scenarios/x86_32/variants';
    const files = Object.fromEntries(['base-2.6.27-rc1-vmi', '2.6.27-rc3-fix'].map((n) => [`${dir}/${n}.yaml`, shipped(`${dir}/${n}.yaml`)]));
    const file = `${dir}/2.6.27-rc3-fix.yaml`;
    const html = formatHtml(reportOf([{ file, text: files[file] ?? '', files }]), CTX);
    // the file has 16 lines, its patch: item the last three
    expect(html).toContain('<p class="k">insert after line 16, at the end</p><pre>  - move: vmi_init\n    after: parse_early_param\n</pre>');
  });
});

const run = haveChromium() || process.env.CI === 'true' ? describe : describe.skip;

run('--format html in Chromium', () => {
  const report = reportOf([
    ...SHIPPED.map((file) => ({ file, text: shipped(file) })),
    { file: 'copies/hostile.yaml', text: withoutExpect(shipped(RC1_VMI)).replace(/^name: .*$/m, `name: ${JSON.stringify(HOSTILE)}`) },
  ]);
  const html = formatHtml(report, CTX);
  const dir = mkdtempSync(join(tmpdir(), 'bootreplay-html-'));
  dirs.push(dir);

  it('is one self-contained file: no script, nothing fetched', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html.match(/\b(?:src|href)="([^"]*)"/g)?.every((a) => /="#s\d+"$/.test(a))).toBe(true);
  });

  it('renders at 1280 px without horizontal scrolling; maps are wide and their labels inside them; hostile names stay text', { timeout: 120_000 }, () => {
    const file = join(dir, 'probe.html');
    writeFileSync(file, html.replace('</body>', `${PROBE}\n</body>`));
    const dom = chromium(file, '--dump-dom');
    const json = /<pre id="probe">(.*?)<\/pre>/s.exec(dom)?.[1];
    expect(json, 'the probe ran').toBeDefined();
    const probe = JSON.parse((json ?? '{}').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')) as Probe;
    expect(probe.title).toBe('bootreplay: 1 failed of 9');
    expect(probe.scripts).toBe(0);
    expect(probe.images).toBe(0);
    expect(probe.hostileText).toBe(true);
    expect(probe.scrollWidth).toBeLessThanOrEqual(1280);
    expect(probe.maps).toHaveLength(report.results.length);
    for (const m of probe.maps) {
      expect(m.width).toBeGreaterThanOrEqual(1100);
      expect(m.outside).toBe(0);
      expect(m.smallest).toBeGreaterThanOrEqual(10);
    }
  });

  it('takes a screenshot 1280 px wide (look at it: scripts/html-screenshot.mjs)', { timeout: 120_000 }, () => {
    const file = join(dir, 'report.html');
    const png = join(dir, 'report.png');
    writeFileSync(file, html);
    chromium(file, `--screenshot=${png}`, 2000);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1280);
    expect(bytes.length).toBeGreaterThan(50_000);
  });
});
