/**
 * A rule's `explain` text as Markdown, for SARIF `help.markdown` (GitHub
 * shows it beside an alert). The explanations are plain text wrapped at
 * about 110 columns: paragraphs split by blank lines, `  - ` list items with
 * indented continuation lines, and indented blocks (a table of formulas)
 * that must keep their layout.
 */

/** Markdown's special characters, escaped so kernel identifiers (__FIXADDR_TOP, PAGE_SIZE * n) stay literal. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~!]/g, (c) => `\\${c}`);
}

type Block = { kind: 'para'; lines: string[] } | { kind: 'list'; items: string[][] } | { kind: 'pre'; lines: string[] };

function blocks(text: string): Block[] {
  const out: Block[] = [];
  let cur: Block | undefined;
  const flush = (): void => {
    if (cur !== undefined) out.push(cur);
    cur = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line === '') {
      flush();
      continue;
    }
    const item = /^\s{0,4}- (.*)$/.exec(line);
    if (item !== null) {
      if (cur?.kind !== 'list') {
        flush();
        cur = { kind: 'list', items: [] };
      }
      cur.items.push([item[1] ?? '']);
    } else if (cur?.kind === 'list' && /^\s{2,}/.test(line)) {
      cur.items[cur.items.length - 1]?.push(line.trim());
    } else if (/^\s{2,}/.test(line) && cur?.kind !== 'para') {
      if (cur?.kind !== 'pre') {
        flush();
        cur = { kind: 'pre', lines: [] };
      }
      cur.lines.push(line);
    } else {
      if (cur?.kind !== 'para') {
        flush();
        cur = { kind: 'para', lines: [] };
      }
      cur.lines.push(line.trim());
    }
  }
  flush();
  return out;
}

/**
 * @param title the rule id, as the heading
 * @param summary the one-line doc
 * @param explanation the long explanation (RuleMeta.explanation)
 */
export function explainMarkdown(title: string, summary: string, explanation: string): string {
  const parts = [`## ${escapeMarkdown(title)}`, escapeMarkdown(summary)];
  for (const b of blocks(explanation)) {
    if (b.kind === 'para') parts.push(escapeMarkdown(b.lines.join(' ')));
    else if (b.kind === 'list') parts.push(b.items.map((i) => `- ${escapeMarkdown(i.join(' '))}`).join('\n'));
    else {
      const indent = Math.min(...b.lines.map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
      parts.push(['```text', ...b.lines.map((l) => l.slice(indent).replaceAll('```', '` ` `')), '```'].join('\n'));
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/** The first paragraph of an explanation, on one line (SARIF fullDescription). */
export function firstParagraph(explanation: string): string {
  const first = explanation.split(/\n\s*\n/)[0] ?? explanation;
  return first.split('\n').map((l) => l.trim()).join(' ');
}
