/**
 * `--format github`: workflow commands escaped the way @actions/core escapes
 * them (so a hostile path or message cannot end the command early or forge
 * another), GitHub's 10 errors + 10 warnings display cap with a count of the
 * rest, and the Markdown job summary.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { markdownCell } from '../../src/report/escape.js';
import { formatGithub, githubSummary } from '../../src/report/github.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { CTX, RC1_VMI, reportOf, shipped, withoutExpect } from './helpers.js';

/** Undoes @actions/core's escaping: what the runner reads back from a command. */
function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Parses `::level k=v,k=v::data` the way the runner does: properties split on `,` and the first `=`. */
function parseCommand(line: string): { level: string; props: Record<string, string>; data: string } | undefined {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (m === null) return undefined;
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter((x) => x !== '')) {
    const at = kv.indexOf('=');
    props[kv.slice(0, at)] = unescape(kv.slice(at + 1));
  }
  return { level: m[1] ?? '', props, data: unescape(m[3] ?? '') };
}

const bare = withoutExpect(shipped(RC1_VMI));

/**
 * What GitHub would link in rendered HTML as an issue or pull request, a
 * commit, a team or a user. GitHub looks for these in the text of the
 * rendered page, element by element, and not inside <code>, <pre> or <a>
 * (docs.github.com "Autolinked references and URLs" for the forms; GitHub
 * Desktop's copies of the filters, app/src/lib/markdown-filters/
 * issue-mention-filter.ts, commit-mention-filter.ts, team-mention-filter.ts,
 * for the patterns and the skipped elements), so a backslash escape, gone
 * from the text, stops none. Each pattern here is at least as wide as
 * Desktop's: an issue marker anywhere in a text node (Desktop wants the owner
 * word before it, which any word can be), a commit after any character that
 * is not a letter, digit or _ (Desktop: space, (, {, [, @ or ..; github.com
 * does not take .), case ignored everywhere.
 */
function githubReferencesIn(html: string): string[] {
  const decode = (t: string): string => t.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  // each text node outside <code>, <pre> and <a> (micromark writes no nested elements of the same name)
  const nodes = html.replace(/<(code|pre|a)\b[^>]*>[\s\S]*?<\/\1>/g, '<skipped>').split(/<[^>]*>/).map(decode);
  const patterns = [
    /(?:#|gh-|\/(?:issues|pull|discussions)\/)\d+\b/gi,
    /(?<!\w)[0-9a-f]{7,40}\b/gi,
    /(?:^|\W)@[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9_-]*\b/gi,
    /(?:^|\W)@[a-z0-9]/gi,
  ];
  return nodes.flatMap((t) => patterns.flatMap((re) => [...t.matchAll(re)].map((m) => m[0])));
}

/** The rendered page's text as a reader sees and copies it: no tags, entities decoded, the zero-width spaces noMentions adds left out. */
function readText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replaceAll('\u200b', '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}

function render(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

describe('--format github', () => {
  it('annotates live findings at file, line and column; a hostile file name stays one property', () => {
    const file = 'odd dir/a,b:c%25 100%.yaml';
    const { text } = formatGithub(reportOf([{ file, text: bare }, { file: RC1_VMI, text: shipped(RC1_VMI) }]), CTX);
    const commands = text.split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    expect(commands.map((c) => [c?.level, c?.props])).toEqual([
      ['error', { file, line: '45', col: '5', title: 'bootreplay fixmap-before-relocation' }],
      ['error', { file, line: '48', col: '5', title: 'bootreplay fixmap-before-relocation' }],
    ]);
    expect(commands[0]?.data).toMatch(/^init_memory_mapping builds .*\nkernel: .*\nfix: move vmi_init/);
    // expected findings are not annotated; the last line sums up
    expect(text.trimEnd().split('\n').pop()).toBe('bootreplay: 2 scenarios: 1 failed, 1 passed; 2 errors, 0 warnings; 2 expected');
  });

  it('a finding the kernel never reaches says so on its own line, as in text and SARIF (after a halt)', () => {
    // riscv 5.10 with KASAN and sbi_init twice: kasan_init faults at step 10, the second sbi_init comes later
    const base = withoutExpect(shipped('scenarios/riscv/v5.10.yaml'));
    const text = formatGithub(reportOf([{ file: 'x/k.yaml', text: 'extends: base.yaml\nname: k\nconfig: {kasan: true}\npatch: [{insert: sbi_init, after: sbi_init}]\n', files: { 'x/base.yaml': base } }]), CTX).text;
    const commands = text.split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    const dup = commands.find((c) => c?.props['title'] === 'bootreplay duplicate-call');
    expect(dup?.data.split('\n')[1]).toMatch(/^note: after kasan-shadow-fault at step \d+ kasan_init halts the kernel$/);
    const fault = commands.find((c) => c?.props['title'] === 'bootreplay kasan-shadow-fault');
    expect(fault?.data.split('\n')[1]).toMatch(/^kernel: /);
  });

  it('an annotation on a line of a base file names the scenario it comes from; one in the scenario\'s own file does not (review 20, F2)', () => {
    const files = { 'ci/base.yaml': bare };
    const derived = (name: string, memory: string): { file: string; text: string; files: Record<string, string> } => ({ file: `ci/${name}.yaml`, text: `extends: base.yaml\nname: ${name}\nmachine: {memory: ${memory}}\n`, files });
    const { text } = formatGithub(reportOf([derived('a', '512M'), derived('b', '4G'), { file: 'own.yaml', text: bare }]), CTX);
    const commands = text.split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    const heads = commands.map((c) => [c?.props['file'], c?.props['line'], c?.data.split('\n')[0]?.replace(/^.* \(step \d+ \w+\)/, '')]);
    expect(heads.filter((h) => h[0] === 'ci/base.yaml').map((h) => h[2])).toEqual(expect.arrayContaining([' in ci/a.yaml', ' in ci/b.yaml']));
    expect(heads.filter((h) => h[0] === 'ci/base.yaml').every((h) => h[2] === ' in ci/a.yaml' || h[2] === ' in ci/b.yaml')).toBe(true);
    expect(heads.filter((h) => h[0] === 'own.yaml').map((h) => h[2])).toEqual(['', '']);
  });

  it('file= is the real path, format characters kept, so the annotation lands on the file; the message shows them escaped (review 9, 4.1)', () => {
    const file = 'sch\u00e4tz\u200d.yaml';
    const { text } = formatGithub(reportOf([{ file, text: bare }]), CTX);
    const [first] = text.split('\n');
    expect(first).toMatch(/^::error file=sch\u00e4tz\u200d\.yaml,line=45,col=5,title=bootreplay fixmap-before-relocation::/);
    expect(parseCommand(first ?? '')?.props['file']).toBe(file);
    // an input problem's annotation too
    const withProblem = formatGithub({ ...reportOf([]), problems: [{ file, line: 4, col: 5, message: 'bad \u202e' }] }, CTX).text;
    expect(withProblem.split('\n')[0]).toBe('::error file=sch\u00e4tz\u200d.yaml,line=4,col=5,title=bootreplay input problem::bad \\u202e');
    // controls (but CR and LF, which the property encodes) have no encoding there: text escapes, as in text output
    const esc = formatGithub(reportOf([{ file: 'e\x1b[2J\n,x:%.yaml', text: bare }]), CTX).text;
    expect(esc.split('\n')[0]).toMatch(/^::error file=e\\x1b\[2J%0A%2Cx%3A%25\.yaml,line=45,/);
  });

  it('file= shows a bidi control or line separator of the name as text output does (\\u202e), the rest of the path and its property escapes as they were (break-192 4)', () => {
    const file = 'a\u202elmy\u2066\u2028,b:%.yaml';
    const first = formatGithub(reportOf([{ file, text: bare }]), CTX).text.split('\n')[0] ?? '';
    expect(first).toMatch(/^::error file=a\\u202elmy\\u2066\\u2028%2Cb%3A%25\.yaml,line=45,col=5,title=bootreplay fixmap-before-relocation::/);
    expect(first).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    // the runner's decoding gives the name as text output shows it
    expect(parseCommand(first)?.props['file']).toBe('a\\u202elmy\\u2066\\u2028,b:%.yaml');
    const problem = formatGithub({ ...reportOf([]), problems: [{ file, line: 4, col: 5, message: 'bad' }] }, CTX).text.split('\n')[0];
    expect(problem).toBe('::error file=a\\u202elmy\\u2066\\u2028%2Cb%3A%25.yaml,line=4,col=5,title=bootreplay input problem::bad');
  });

  it('a line break inside user text is escaped as in text output (\\n), so %0A stays the report\'s own line breaks (review 19b, F2)', () => {
    const problems = [
      { file: 'bad.yaml', line: 4, col: 5, message: 'unknown call early_cpu_init\nkernel: forged\r\nfix: forged' },
      { file: 'bad.yaml', line: 5, col: 5, message: 'unknown call x\x1b[31mRED' },
    ];
    const { text } = formatGithub({ ...reportOf([{ file: 'x.yaml', text: bare }]), problems }, CTX);
    const lines = text.split('\n');
    expect(lines[0]).toBe('::error file=bad.yaml,line=4,col=5,title=bootreplay input problem::unknown call early_cpu_init\\nkernel: forged\\r\\nfix: forged');
    expect(parseCommand(lines[0] ?? '')?.data).not.toContain('\n');
    expect(lines[1]).toBe('::error file=bad.yaml,line=5,col=5,title=bootreplay input problem::unknown call x\\x1b[31mRED');
    // a finding's own lines still break the annotation into message, kernel: and fix:
    expect(parseCommand(lines[2] ?? '')?.data).toMatch(/^init_memory_mapping builds [^\n]*\nkernel: [^\n]*\nfix: [^\n]*$/);
  });

  it('shows at most 10 errors and 10 warnings, then says how many more', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ file: `copies/rc1-${i}.yaml`, text: bare }));
    const warn = Array.from({ length: 12 }, (_, i) => ({ file: `copies/rc3-${i}.yaml`, text: withoutExpect(shipped('scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml')) }));
    const { text, summary } = formatGithub(reportOf([...many, ...warn]), CTX);
    const commands = text.split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    expect(commands.filter((c) => c?.level === 'error')).toHaveLength(10);
    expect(commands.filter((c) => c?.level === 'warning')).toHaveLength(10);
    expect(commands.filter((c) => c?.level === 'notice').map((c) => c?.data))
      .toEqual(['4 more errors and 14 more warnings not annotated: GitHub shows 10 errors and 10 warnings per step; the job summary lists them all']);
    // the summary lists all 38
    expect(summary.split('\n').filter((l) => l.startsWith('- **'))).toHaveLength(14 + 24);
  });

  it('the job summary shows controls, bidi and line separators of a name as escapes, as text output does', () => {
    const report = reportOf([{ file: 'x.yaml', text: bare.replace(/^name: .*$/m, 'name: "A\\u0000B\\u001b[2JC\\u202eD\\u2028E\\r\\nF"') }]);
    const summary = githubSummary(report);
    // Markdown escapes the backslash of each escape (\\x00 renders as \x00) and the bracket
    expect(summary).toContain('| ❌ | x.yaml | A\\\\x00B\\\\x1b\\[2JC\\\\u202eD\\\\u2028E\\\\r\\\\nF |');
    expect(summary).not.toMatch(/[\u0000\u001b\u202e\u2028\r]/);
  });

  it('the job summary is Markdown with a scenario table, escaped, and stays under 1 MiB', () => {
    const report = reportOf([{ file: 'x|y.yaml', text: bare.replace(/^name: .*$/m, 'name: "a | b <img src=x onerror=alert(1)>"') }, { file: RC1_VMI, text: shipped(RC1_VMI) }]);
    const summary = githubSummary(report);
    expect(summary).toMatch(/^## bootreplay: 2 scenarios: 1 failed, 1 passed\n\n2 errors, 0 warnings; 2 expected\n/);
    expect(summary).toContain('| ❌ | x\\|y.yaml | a \\| b \\<img src=x onerror=alert(1)\\> | 2.6.27-rc1, vmi | 2 | 0 | 0 |');
    expect(summary).toContain('| ✅ | scenarios/x86\\_32/2.6.27-rc1-vmi.yaml |');
    expect(summary).toContain('- **expected error** `fixmap-before-relocation` at scenarios/x86\\_32/2.6.27-rc1-vmi.yaml:45:5');
    // control, bidi and line-separator characters are shown as escapes, as in text output, each line stays a line
    const hostile = githubSummary(reportOf([{ file: 'e\x1b[2J.yaml', text: bare.replace(/^name: .*$/m, 'name: "N\\0U\\e[31mL\\x07\\u202eR\\u2028S\\u0085T\\r\\nU"') }]));
    expect(hostile).toContain('| ❌ | e\\\\x1b\\[2J.yaml | N\\\\x00U\\\\x1b\\[31mL\\\\x07\\\\u202eR\\\\u2028S\\\\x85T\\\\r\\\\nU |');
    expect(hostile).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\u202e]/);
    // an entity reference would be decoded by the Markdown renderer: &#x202E; reverses the line, &lt;b&gt; is <b>
    const entities = githubSummary(reportOf([{ file: 'x.yaml', text: bare.replace(/^name: .*$/m, 'name: "ok &#x202E;gnp &lt;b&gt; &amp;"') }]));
    expect(entities).toContain('| ok \\&#x202E;gnp \\&lt;b\\&gt; \\&amp; |');
    const huge = reportOf(Array.from({ length: 1 }, () => ({ file: 'big.yaml', text: bare })));
    const padded = { ...huge, results: Array.from({ length: 4000 }, (_, i) => ({ ...huge.results[0], file: `copies/${'x'.repeat(200)}-${i}.yaml` })) } as typeof huge;
    const cut = githubSummary(padded);
    expect(Buffer.byteLength(cut)).toBeLessThan(1024 * 1024);
    expect(cut).toMatch(/… and \d+ more lines, cut to stay under GitHub's 1 MiB step summary limit/);
  });

  it('the cut leaves room for what the step summary already holds: the file stays under 1 MiB, or gets the note alone, or nothing (review 9, 3.4)', () => {
    const one = reportOf([{ file: 'big.yaml', text: bare }]);
    const report = { ...one, results: Array.from({ length: 400 }, (_, i) => ({ ...one.results[0], file: `s/a${i}.yaml` })) } as typeof one;
    const whole = githubSummary(report);
    expect(whole).not.toContain('more lines, cut');
    // room for all of it: unchanged
    expect(githubSummary(report, 1024 * 1024 - Buffer.byteLength(whole))).toBe(whole);
    expect(githubSummary(report, 1000)).toBe(whole);
    const size = Buffer.byteLength(whole);
    expect(size).toBeGreaterThan(100_000);
    for (const held of [1024 * 1024 - size + 1, 1024 * 1024 - Math.floor(size / 2), 1024 * 1024 - 2000, 1024 * 1024 - 300]) {
      const text = githubSummary(report, held);
      expect(held + Buffer.byteLength(text), String(held)).toBeLessThanOrEqual(1024 * 1024);
      expect(text, String(held)).toMatch(new RegExp(`… and \\d+ more lines, cut to stay under GitHub's 1 MiB step summary limit \\(the step summary already held ${held} bytes\\): see the JSON or SARIF report\\.\\n\\n$`));
      // whole lines, from the top
      const kept = text.startsWith('…') ? '' : text.slice(0, text.lastIndexOf('\n…'));
      expect(kept === '' || kept.endsWith('\n'), String(held)).toBe(true);
      expect(whole.startsWith(kept), String(held)).toBe(true);
    }
    // no line fits: the note alone
    expect(githubSummary(report, 1024 * 1024 - 300)).toMatch(/^… and \d+ more lines, cut/);
    // not even the note: nothing (run warns)
    expect(githubSummary(report, 1024 * 1024 - 100)).toBe('');
  });
  it('the job summary makes no link or mention of user text: GFM\'s extended autolinks and @mentions read the same and link nothing (break-226 N3)', () => {
    // bare URLs, www., emails, mailto:/xmpp: and mentions: each was a live link or mention in the rendered summary
    const name = 'see http://evil.example/login HTTPS://evil.example/b ftp://evil.example/c (www.evil.example) WWW.evil.example and @octocat';
    const reason = 'ops@evil.example mailto:ops@evil.example xmpp:ops@evil.example/r @org/team, not memmap=64M@16M or vmi_init@0x1000';
    const text = `${bare.replace(/^name: .*$/m, `name: "${name}"`)}allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: "${reason}"}\n`;
    const summary = githubSummary(reportOf([{ file: 'x.yaml', text }]));
    // GitHub renders the step summary as GFM (cmark-gfm); micromark's GFM extensions link the same bare text
    // (checked against cmark-gfm 0.29.0.gfm.6 by hand: it links none of this either)
    const html = micromark(summary, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html).toContain('<table>');
    expect(html).not.toContain('<a ');
    // a backslash does not keep cmark-gfm from linking an email (it finds them after the escapes are resolved),
    // nor GitHub from mentioning: every @ that could start either has a zero-width space after it
    const rendered = html.replace(/<[^>]*>/g, '');
    expect(rendered.match(/@(?!\u200b)[A-Za-z0-9]/g)).toEqual(['@1', '@0']);
    // and reads the same: the escapes are not shown
    const read = rendered.replaceAll('\u200b', '').replaceAll('&amp;', '&');
    expect(read).toContain(name);
    expect(read).toContain(`allowed: ${reason}`);
  });

  // The forms of "Autolinked references and URLs" (docs.github.com): an issue, GH-, owner/repo#, owner/repo@SHA, a full SHA; and a team
  const REFS = ['#123', 'GH-12', 'owner/repo#1', 'owner/repo@abc1234', 'a5c3785ed8d6a35868bc169f07e40e889087fd2e', '@org/team'] as const;

  /** A report with `ref` in a scenario's name: and file name, its machine.cmdline, a call name (an input problem), and a define:d call named like a short SHA. */
  function referenceReport(ref: string): ReturnType<typeof reportOf> {
    const vmi = shipped('scenarios/x86_32/2.6.36-vmi.yaml');
    // the cmdline shows in the cmdline-not-modeled finding; the name in the table
    const named = vmi.replace(/^name: .*$/m, `name: "fixes ${ref} (again)"`).replace(/^ {2}cmdline: .*$/m, `  cmdline: "vmi=disable_pge acpi=off ${ref}"`);
    // a define:d call may be named like a SHA (a word of letters and digits): the finding names it, and its step
    const quirk = withoutExpect(shipped('scenarios/arm64/v4.6-early-soc-quirk.yaml')).replaceAll('soc_quirk_probe', 'deadbeefcafe1');
    const report = reportOf([
      { file: `refs/${ref}.yaml`, text: named },
      { file: 'refs/quirk.yaml', text: quirk, files: { 'refs/v4.6.yaml': shipped('scenarios/arm64/v4.6.yaml') } },
    ]);
    // a name with #, / or @ is no call name: the loader's input problem quotes it, as run shows it
    const badCall = parseVariants(vmi.replace('  - early_trap_init\n', `  - "${ref}"\n  - early_trap_init\n`), 'refs/call.yaml');
    if (badCall.ok) throw new Error('a call name with # / @ loaded');
    return { ...report, problems: badCall.problems };
  }

  it.each(REFS)('the job summary makes no issue, commit or team reference of %s in a name, file name, cmdline or call name: code spans (GitHub skips <code>) that read and copy as written', (ref) => {
    const summary = githubSummary(referenceReport(ref));
    const html = render(summary);
    // every place the user text shows: the table's name and file cells, the cmdline finding, the call's input problem
    const text = readText(html);
    expect(text).toContain(`\nfixes ${ref} (again)\n`);
    expect(text).toContain(`\nrefs/${ref}.yaml\n`);
    expect(text).toContain(`at refs/${ref}.yaml:16:3 (step 16 parse_early_param): machine.cmdline: not modeled: ${ref}\n`);
    expect(text).toContain(`(step 4): unknown call ${ref}; run`);
    expect(text).toContain('(step 4 deadbeefcafe1): deadbeefcafe1 computes');
    expect(githubReferencesIn(html)).toEqual([]);
    if (ref.startsWith('@')) {
      // a team mention is noMentions': a zero-width space after the @, as for @user
      expect(summary).not.toMatch(/@(?!&#8203;)org/);
    } else {
      // the reference whole in a code span, copied as written (no zero-width space in it)
      expect(summary).toContain(`fixes \`${ref}\` (again)`);
      expect(html).toContain(`<code>${ref}</code>`);
    }
    expect(html).toContain('<code>deadbeefcafe1</code>');
    // deterministic: the same report again, built from scratch, is the same summary byte for byte
    expect(githubSummary(referenceReport(ref))).toBe(summary);
  });

  it('reference spans: side by side, beside backticks, in a SHA range, in URLs and emails; what is no reference stays text as written', () => {
    const rows = [
      'x#1#2', 'see #12, #13.', 'gh-7 Gh-8', '`#1`', '``#2``', '\\#3\\', 'abc1234...def5678', 'user@abc1234', '(abcdef1)', 'SHA ABCDEF0123',
      'abcdef1gh-2', 'http://abc1234.example/x', 'ops@abc1234.example', 'a/b/issues/5 /pull/6', '1234567', '@deadbeef0/team',
      'memmap=64M@16M', '0x1234567', 'vmi_init@0x1000', '#12abc', 'v2.6.27 abcdef', 'deadbeef_x', '_x_#12_',
    ];
    const cells = rows.map((r) => markdownCell(r));
    // a table and a list, as the summary has them
    const html = render(['| a | b |', '|---|---|', ...cells.map((c) => `| ${c} | x |`), '', ...cells.map((c) => `- **e** at ${c}: ${c}`), ''].join('\n'));
    expect(html.match(/<tr>/g)).toHaveLength(rows.length + 1);
    expect(githubReferencesIn(html)).toEqual([]);
    for (const [i, r] of rows.entries()) {
      const one = render(cells[i] ?? '');
      expect(readText(one).trim(), r).toBe(r);
      // inside a span: nothing but the text as written
      for (const m of one.matchAll(/<code>([^<]*)<\/code>/g)) expect(r, r).toContain(m[1]?.replaceAll('&amp;', '&'));
    }
    expect(cells.slice(0, 4)).toEqual(['`x#1#2`', 'see `#12`, `#13`.', '`gh-7` `Gh-8`', '\\``#1`\\`']);
    expect(markdownCell('abc1234...def5678')).toBe('`abc1234`...`def5678`');
    // no reference: no span, nothing added (copied from the page, it is what was written)
    for (const r of ['memmap=64M@16M', '0x1234567', '#12abc', 'v2.6.27 abcdef']) expect(markdownCell(r)).toBe(r);
    // a long word with no reference stays as written (an owner/repo is tried from the start of its run only:
    // trying it from each character took 3.7 s for this one; no timing here, the project keeps those in the bench)
    const long = `${'x.'.repeat(20000)}/${'y'.repeat(20000)}`;
    expect(markdownCell(long)).toBe(long);
  });

  it('each count column of the table adds up to the count the line above it says (unmet expectations and unused allows are columns of their own)', () => {
    // rc1 with its order fixed keeps its expect: entries (two unmet) and has an error of its own, plus an allow: that matches nothing
    const fixed = shipped(RC1_VMI).replace(/ {2}- call: vmi_init\n {4}note:[^\n]*\n(?: {6}[^\n]*\n)*/, '').replace('  - early_ioremap_init\n', '  - early_ioremap_init\n  - vmi_init\n');
    const unused = `${shipped(RC1_VMI)}allow:\n  - {rule: fixmap-before-relocation, step: early_ioremap_init, reason: "never occurs"}\n`;
    const summary = githubSummary(reportOf([{ file: 'fixed.yaml', text: fixed }, { file: 'unused.yaml', text: unused }, { file: 'live.yaml', text: bare }]));
    const lines = summary.split('\n');
    const counts = lines[2] ?? '';
    expect(counts).toBe('3 errors, 2 warnings; 2 expected, 2 unmet expectations, 1 unused allow');
    const header = (lines[4] ?? '').split(' | ').slice(4).map((h) => h.replace(/ \|$/, ''));
    expect(header).toEqual(['errors', 'warnings', 'expected', 'unmet expectations', 'unused allows']);
    const rows = lines.filter((l) => /^\| (❌|✅) /.test(l)).map((l) => l.split(' | ').slice(4).map((c) => Number.parseInt(c, 10)));
    expect(rows).toHaveLength(3);
    const sums = header.map((_, i) => rows.reduce((n, r) => n + (r[i] ?? 0), 0));
    // the line's own numbers, by the column's name ("1 unused allow" is the "unused allows" column)
    const said = header.map((h) => Number(new RegExp(`(\\d+) ${h.replace(/s$/, '')}`).exec(counts)?.[1]));
    expect(sums).toEqual(said);
  });
});
