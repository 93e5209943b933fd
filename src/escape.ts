/**
 * The one place that escapes user text (file, scenario and variant names,
 * call names, the kernel command line, notes and reasons, yaml's own
 * messages) for every output format, so a hostile name cannot break a
 * document, forge a line of it or drive a terminal:
 *
 * - text on a terminal or in a log (text reports, problems, trace, diff,
 *   help and usage errors): escapeText shows control, bidi/format and
 *   line-separator characters as escapes (\n, \x1b, \u202e), so each output
 *   line stays one line and shows what the file holds;
 * - user text quoted inside a message or a name (quoteText: "a\x01\"b",
 *   what scenario/quote.ts quoted() and variant names write): the same
 *   escapes plus \\ and \", so the quoted value is exact, and escapeText
 *   leaves it as it is: the value is escaped once, however many times the
 *   line passes through escapeText;
 * - XML and HTML (JUnit, SVG, HTML): xmlLine for one line of user text, xmlText
 *   for lines (their breaks kept), xmlAttr (xmlPathAttr for JUnit's `file`);
 * - GitHub workflow commands: commandData, commandProperty (commandPathProperty
 *   for `file=`, which must name the real file);
 * - KTAP lines: ktapLine; Markdown table cells: markdownCell.
 *
 * JSON needs none of this: JSON.stringify escapes control characters itself,
 * and the JSON report holds the values as they are. SARIF message text, which
 * code scanning shows to people, is written as text output shows it
 * (escapeText per line, src/report/sarif.ts). Top-level (like units.ts), because the scenario
 * layer's problem messages and the reports both use it.
 */

/**
 * A regular expression made the first time it is asked for, then kept. Why: V8 builds
 * a Unicode property class (`\p{Cf}`, `\p{Noncharacter_Code_Point}`) from ICU's tables
 * when the expression is created, 0.07–0.2 ms each on this project's machine; made at
 * module load, the six of the entry and the engine cost every cold start (`--help`
 * included) about a millisecond, though most runs never escape a character.
 */
export function lazyPattern(make: () => RegExp): () => RegExp {
  let made: RegExp | undefined;
  return () => (made ??= make());
}

/**
 * Characters shown as escapes: C0 and C1 controls and DEL (\p{Cc}), format
 * characters (\p{Cf}: bidi embeddings, overrides and isolates, zero-width
 * characters, the BOM, soft hyphen), the line and paragraph separators
 * U+2028/U+2029, the noncharacters (U+FDD0–U+FDEF and the last two code
 * points of every plane, U+FFFE, U+10FFFF: Unicode keeps them for a
 * program's internal use, never for text it exchanges; XML cannot hold
 * U+FFFE/U+FFFF, so JUnit showed `\ufffe` where text output printed it raw),
 * and lone surrogates (they cannot be written as UTF-8).
 *
 * Not the backslash: escaping it too would make escapeText escape its own
 * output again, and every value quoteText quoted in a message (a call name
 * in a problem, a variant value in a name) came out escaped twice
 * (`\\u0001`). So escapeText(escapeText(t)) === escapeText(t), and a
 * backslash in unquoted user text (a Windows path) shows as it is; where a
 * value must be exact, it is quoted (quoteText), and there `\\` is a
 * backslash.
 */
const UNSAFE = lazyPattern(() => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]|\p{Cs}/gu);

/**
 * A quick test without Unicode property classes (which V8 matches an order of
 * magnitude slower; reports of 10,000 findings spent 100 ms here): the
 * backslash, C0/C1 controls, the format and separator characters of the BMP
 * (Unicode 15, Node 20's ICU), the BMP's noncharacters, and any surrogate,
 * which covers the astral format characters (U+110BD, U+E0001, …), the
 * astral noncharacters (U+1FFFE, …) and lone surrogates. It may match
 * more than UNSAFE (an emoji is a surrogate pair), never less; a unit test
 * checks that over every code point.
 */
const MAYBE_UNSAFE = /[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]/;

/**
 * Anything but printable ASCII (space to tilde) and the few other characters
 * bootreplay's own messages use (`×`, `–`, `—`, `…`, `→`, `⇒`, none of them
 * escaped): a first test, because V8 matches this simple class about ten
 * times faster than MAYBE_UNSAFE's ranges (5 ms instead of 45 over a 6 MB
 * report). Those six are left out of it because a line holding one (most
 * code-flow and HTML path lines: 146,000 of them in four limit-file reports)
 * then went on to escapedOutsideAscii's memory, a Map lookup that hashes the
 * whole line, and MAYBE_UNSAFE. Every character MAYBE_UNSAFE matches, it
 * matches too (a unit test checks).
 */
const NOT_PLAIN_ASCII = /[^\x20-\x7e\xd7\u2013\u2014\u2026\u2192\u21d2]/;

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/**
 * `text` with every unsafe character written as an escape: `\n`, `\r`, `\t`,
 * `\x1b` (below U+0100), `\u202e` (BMP), `\u{e0001}` (above). Text
 * without such characters is returned as it is (the common case costs one
 * test of a simple class; text outside ASCII a second one).
 */
export function escapeText(text: string): string {
  return NOT_PLAIN_ASCII.test(text) ? escapedOutsideAscii(text) : text;
}

/**
 * A pure function of report text, remembered for the texts a report repeats:
 * the variants of a matrix share most messages, paths and fixes, and text
 * outside ASCII (every `→` and `µ`) takes the slow tests of escapeText and
 * xmlText. The 512 variants of an arm64 matrix in HTML pass 10.6 M characters
 * through xmlText, 2.5 M of them distinct, and those tests were a quarter of
 * the run (profiled at 69fbb64). At most `max` texts are kept, then the
 * memory starts again.
 */
function remembered(f: (text: string) => string, max = 16_384): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) {
      out = f(text);
      if (seen.size >= max) seen.clear();
      seen.set(text, out);
    }
    return out;
  };
}

const escapedOutsideAscii = remembered((text) => (MAYBE_UNSAFE.test(text) ? text.replace(UNSAFE(), escapeChar) : text));

/** What quoteText escapes: what escapeText does, the backslash and the double quote. */
const QUOTE_UNSAFE = lazyPattern(() => /[\\"\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]|\p{Cs}/gu);

/**
 * `text` in double quotes with escapeText's escapes, and `\\` and `\"` for
 * the backslash and the quote: `a"b<U+0001>` → `"a\"b\x01"`. Exact (unquoteText
 * reads it back) and safe as it is: escapeText leaves it unchanged, so a
 * quoted value in a message is escaped once in text output.
 */
export function quoteText(text: string): string {
  return `"${text.replace(QUOTE_UNSAFE(), escapeChar)}"`;
}

const UNQUOTE = /\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|([\\"\/nrtbf]))|\\|"/g;
const SIMPLE: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/**
 * The text quoteText quoted, from the quoted form with its quotes: the
 * escapes of quoteText, and JSON's (`\u0001`, `\/`, `\b`, `\f`), so names
 * written by earlier versions (JSON strings) read the same.
 * @returns the text, or null when `quoted` is not one quoted string
 */
export function unquoteText(quoted: string): string | null {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return null;
  let bad = false;
  const text = quoted.slice(1, -1).replace(UNQUOTE, (m: string, x?: string, braced?: string, u?: string, simple?: string) => {
    const hex = x ?? braced ?? u;
    if (hex !== undefined) {
      const cp = parseInt(hex, 16);
      if (cp <= 0x10ffff) return String.fromCodePoint(cp);
    } else if (simple !== undefined) {
      return SIMPLE[simple] ?? m;
    }
    // a lone backslash, a bad escape, or an unescaped quote inside
    bad = true;
    return m;
  });
  return bad ? null : text;
}

/** NOT_PLAIN_ASCII over a whole text, line feeds left out (they are counted): `test` moves lastIndex past each match. */
const NOT_PLAIN_ASCII_OR_LF = /[^\x20-\x7e\n]/g;

/**
 * Whether `text` holds exactly `lineBreaks` line feeds and nothing else that
 * escapeText could escape. Then every part of every line is unchanged by
 * escapeText: a text made of lines joined by '\n' can be written with its
 * user fields as they are (src/report/text.ts), and checked once here. Each
 * character outside plain ASCII is tested alone (a lone surrogate cannot
 * pair up with a neighbour and hide: MAYBE_UNSAFE matches every surrogate).
 */
export function onlyLineBreaks(text: string, lineBreaks: number): boolean {
  const re = NOT_PLAIN_ASCII_OR_LF;
  re.lastIndex = 0;
  while (re.test(text)) {
    if (MAYBE_UNSAFE.test(text.charAt(re.lastIndex - 1))) {
      re.lastIndex = 0;
      return false;
    }
  }
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n === lineBreaks;
}

/** For the tests that MAYBE_UNSAFE covers every character escapeText escapes, and NOT_PLAIN_ASCII every one MAYBE_UNSAFE matches. */
export const ESCAPE_PATTERNS = { first: NOT_PLAIN_ASCII, quick: MAYBE_UNSAFE, get exact(): RegExp { return UNSAFE(); } } as const;

/** A start of a path that the Actions runner reads as a workflow command: `::`, after white space. */
const COMMAND_START = /^[\s\x85]*::/;

/**
 * A path as output lines begin with it (`file:line:col: …`, `file: …`): one
 * whose text starts with `::` (after white space) as `./::…`, the same file.
 * The GitHub Actions runner reads every line of a step's stdout and stderr
 * that starts with `::` once leading white space is trimmed as a workflow
 * command (actions/runner src/Runner.Common/ActionCommand.cs TryParseV2:
 * `message.TrimStart()`, then `StartsWith("::")`): a scenario named
 * `::stop-commands::tok.yaml` would switch off every annotation after its
 * problem line, `::error file=a.yaml::x.yaml` would forge one. Other paths as
 * they are. Not for properties that must name the file as given (JSON, SARIF,
 * a workflow command's `file=`).
 */
export function linePath(path: string): string {
  return COMMAND_START.test(path) ? `./${path}` : path;
}

/** Whether user text that starts an output line would start a workflow command there (linePath). */
export function startsCommand(text: string): boolean {
  return COMMAND_START.test(text);
}

/**
 * The workflow commands the github format writes (github.ts: an annotation
 * `::error file=…`, `::warning …`, `::notice …`, its user text escaped by
 * commandData and commandProperty, so one line each).
 */
const OWN_COMMAND = /^::(?:error|warning|notice) /;

/**
 * A line start (after white space other than a line break) that the runner reads as a workflow
 * command. A line starts at the text's start or after CR or LF, as the runner reads lines; not
 * after U+2028 or U+2029, which `^` with the m flag would take for line breaks too: JSON.stringify
 * leaves them raw inside strings, and writing `\x3a` there made the JSON unparseable (review 11b).
 */
const COMMAND_LINE = /(?<![^\r\n])((?:(?![\r\n])[\s\x85])*):(?=:)/g;

/**
 * `text` as it may reach a GitHub Actions log, whatever the format (stdout,
 * stderr, `-o`): no line of it is a workflow command unless `commands` says
 * the text is the github format's and the line is one of its own annotations.
 *
 * - Every `##[` is written `##\u005b`. The runner reads a line that holds
 *   `##[` anywhere as a legacy command (actions/runner
 *   src/Runner.Common/ActionCommand.cs TryParse: `message.IndexOf("##[")`,
 *   then the name up to `]`): a scenario named `##[stop-commands]tok.yaml`
 *   would switch off every annotation after the line that names it,
 *   `##[add-mask]…` would hide text from the log. `\u005b` is `[` as a JSON
 *   string escape (a JSON text holds `##[` only inside a string, so JSON and
 *   SARIF parse to the same names) and a visible escape in the text formats,
 *   like escapeText's. (XML and HTML write `##&#91;` themselves: xmlText.)
 * - A line that starts with `::` after white space (TryParseV2:
 *   `message.TrimStart()`, then `StartsWith("::")`) gets its first `:` as
 *   `\x3a`. Formatters keep user text from starting a line (linePath,
 *   xmlText, the matrix table); this is the net under them, so that no
 *   `::error file=…` is forged and no `::stop-commands::` is obeyed.
 * - With `commands`, a line of the github format's own (OWN_COMMAND) is kept
 *   as it is: the runner parses it as that command (ActionCommandManager
 *   tries TryParseV2 first, and a known command never reaches the legacy
 *   parser), and its `file=` must name the file as it is, `##[` and all.
 *   User text cannot start such a line: the github format escapes the line
 *   breaks of everything it writes.
 */
export function withoutRunnerCommands(text: string, commands = false): string {
  if (!text.includes('##[') && !text.includes('::')) return text;
  const neutral = (part: string): string => withoutLegacyCommands(part).replace(COMMAND_LINE, '$1\\x3a');
  if (!commands) return neutral(text);
  return text.split('\n').map((line) => (OWN_COMMAND.test(line) ? line : neutral(line))).join('\n');
}

/**
 * `text` with every `##[` written `##\u005b`, as withoutRunnerCommands writes it: for text whose
 * width is measured before it is written (a table's cells), so the columns stay aligned.
 */
export function withoutLegacyCommands(text: string): string {
  return text.replaceAll('##[', '##\\u005b');
}

/** Several lines of text (commander's help and errors): each line escaped, the line breaks kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeText).join('\n');
}

/** Longest user text quoted in a message, in UTF-16 code units (a call name is at most ~30). */
export const MAX_QUOTED = 80;

/**
 * User text for a message: cut to `max` code units with "…" and the number
 * of characters left out, so a megabyte-long call name costs a line, not a
 * megabyte. The cut never splits a surrogate pair. Not escaped: escaping
 * happens when a line is written.
 */
export function clip(text: string, max = MAX_QUOTED): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

/**
 * Format characters (bidi embeddings, overrides and isolates, zero-width
 * joiners, U+FEFF) and line/paragraph separators: a browser or a CI page
 * showing a JUnit or HTML report would act on them (U+202E reverses the
 * text after it), so they are shown as escapes, as in text output.
 */
const MARKUP_UNSAFE = lazyPattern(() => /[\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]/gu);

/**
 * Text content of an XML or HTML element, its line breaks and tabs kept (a
 * JUnit failure body, the lines of a file): controls (C0 but tab, LF and CR;
 * DEL and C1) as text escapes (`\x1b`, as text output shows them), and what
 * XML 1.0 cannot hold at all (its Char production: C0 but tab, LF, CR;
 * U+FFFE, U+FFFF; lone surrogates) likewise, so the document stays valid and
 * shows what the file holds (it was U+FFFD, review 14, 4.3).
 */
export function xmlText(s: string): string {
  // plain ASCII without markup, '#' or line breaks is its own XML text (most evidence and file lines)
  return XML_MAYBE_SPECIAL.test(s) ? xmlSpecial(s) : s;
}

const xmlSpecial = remembered((s) => {
  const valid = s.replace(PATH_UNSAFE, escapeChar);
  // the quick tests first, as escapeText: most report text is plain ASCII
  const shown = NOT_PLAIN_ASCII.test(valid) && MAYBE_UNSAFE.test(valid) ? valid.replace(MARKUP_UNSAFE(), escapeChar) : valid;
  // A line break before `::` as a character reference (the same text to an XML parser and a browser,
  // <pre> too): user text never starts a line of the file with `::`, which would be a workflow command
  // where the report is printed into an Actions log (withoutRunnerCommands); `##[` likewise, as `##&#91;`.
  return shown.replace(XML_MARKUP, markupChar);
});

/** What xmlText may change: anything but printable ASCII and tab, markup, '#' ('##['). */
const XML_MAYBE_SPECIAL = /[^\x20-\x7e\t]|[&<>#]/;
/** Markup, a line break a workflow command would follow (`::` after white space, COMMAND_START), '##[': one pass. */
const XML_MARKUP = /[&<>]|##\[|[\r\n](?=[\s\x85]*::)/g;
const MARKUP_REFERENCE: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\n': '&#10;', '\r': '&#13;', '##[': '##&#91;' };

function markupChar(c: string): string {
  return MARKUP_REFERENCE[c] ?? c;
}

/**
 * One line of user text (a name, a message) as the content of an XML or HTML
 * element: as text output shows it (escapeText: line breaks too as `\r\n`,
 * so a name stays one line and shows what the file holds), then xmlText.
 */
export function xmlLine(s: string): string {
  // escapeText leaves no control, format, separator, noncharacter or lone
  // surrogate, and no line break: of what xmlText does only the markup is
  // left (`&<>`, `##[`). Tested and replaced here in one pass each, as
  // xmlText(escapeText(s)) (a test pins that): each HTML report line went
  // through xmlText's three scans and two caches (an HTML report of 512
  // variants spent 126 ms here)
  const shown = escapeText(s);
  return LINE_MAYBE_MARKUP.test(shown) ? shown.replace(LINE_MARKUP, markupChar) : shown;
}

const LINE_MAYBE_MARKUP = /[&<>]|##\[/;
const LINE_MARKUP = /[&<>]|##\[/g;


/**
 * A double-quoted XML or HTML attribute value (every formatter writes them
 * double-quoted, so `'` needs no escape); line breaks and tabs are written as
 * character references so that attribute normalization keeps them.
 */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** The message part of a workflow command (`::error …::DATA`), as @actions/core escapes it. */
export function commandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(LOG_UNSAFE(), escapeChar);
}

/**
 * What else a workflow command must not carry into the Actions log, which
 * interprets escape sequences: controls (but the line breaks commandData
 * encodes), format and bidi characters, separators, lone surrogates. Shown
 * as escapes, like in text output; the backslash stays as it is there.
 */
const LOG_UNSAFE = lazyPattern(() => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]|\p{Cs}/gu);

/** A property value of a workflow command (`file=VALUE,…`), as @actions/core escapes it. */
export function commandProperty(s: string): string {
  return commandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * What a file path in a workflow command property or an XML attribute, and
 * XML text (xmlText), can hold only as a text escape: controls but the line
 * breaks and tab (which each format encodes its own way), the noncharacters
 * U+FFFE and U+FFFF (XML 1.0 has no way to write them), and lone surrogates
 * (UTF-8 cannot).
 */
const PATH_UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * What a file path in a workflow command property or JUnit's `file`
 * attribute shows as a text escape (`\u202e`, as text output does) although
 * the format could carry it: the bidi controls (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069), which reorder the rest of the Actions log
 * line or CI page that shows the path, and the line and paragraph
 * separators, which break it (break-192 4); and the noncharacters XML could
 * hold (U+FDD0–U+FDEF, U+1FFFE … U+10FFFF, shown `\u{1ffff}` as every other
 * format shows them, break-194 8). Such a file's annotation no
 * longer lands on it by name: no encoding would keep that (the runner
 * decodes %25, %0D, %0A, %3A and %2C only), and a name that hides its own
 * order is what trojan-source attacks use. The other format characters of a
 * real name (a ZWJ in an emoji, an Indic or Persian name) stay, so its
 * annotation still lands on the file.
 */
const PATH_SHOWN_ESCAPED = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufdd0-\ufdef]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/g;

/**
 * A file path as the `file=` property of a workflow command: the path
 * itself, so the annotation lands on the file (format characters of a real
 * file name kept: the runner decodes the property and GitHub matches it
 * against the repository's paths; a text escape there names a file that
 * does not exist), with only the property escapes @actions/core writes (%25,
 * %0D, %0A, %3A, %2C; the runner's ActionCommand.cs decodes these and no
 * others). Controls but CR, LF (which those encode) and tab have no encoding
 * there and would reach the log and a terminal: shown as escapes; so are
 * bidi controls and line separators (PATH_SHOWN_ESCAPED).
 */
export function commandPathProperty(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(PATH_UNSAFE, escapeChar).replace(PATH_SHOWN_ESCAPED, escapeChar)
    .replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * A file path as a double-quoted XML attribute (JUnit's `file`): the path
 * itself, format characters kept (a test reporter links the file by it),
 * with XML's escapes (`&amp;`, `&lt;`, `&gt;`, `&quot;`, and character
 * references for the line breaks and tab, which attribute normalization
 * would turn into spaces); what XML 1.0 cannot hold (PATH_UNSAFE), bidi
 * controls and line separators (PATH_SHOWN_ESCAPED) as text escapes.
 */
export function xmlPathAttr(s: string): string {
  return s.replace(PATH_UNSAFE, escapeChar).replace(PATH_SHOWN_ESCAPED, escapeChar).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;').replaceAll('##[', '##&#91;');
}

/**
 * One line of KTAP text, as text output shows it (escapeText): line breaks,
 * controls, format (bidi) and separator characters and lone surrogates as
 * escapes (`\n`, `\x1b`, `\u202e`), so no user text can add a line (a
 * forged `ok 1`) and the reader sees what the file holds, as in every other
 * format (it used to write `?`, which hid which character it was and made two
 * names alike); and no `#` in a test description, where KTAP reads it as the
 * start of a directive: `%23`, with `%` itself as `%25`, so that a name
 * written with `%23` is not shown as one written with `#` (break-252 N2: two
 * variants, `x # SKIP` and `x %23 SKIP`, were one test name).
 */
export function ktapLine(s: string, inDescription: boolean): string {
  const one = escapeText(s);
  return inDescription && /[#%]/.test(one) ? one.replace(/%/g, '%25').replace(/#/g, '%23') : one;
}

/**
 * A cell of a Markdown table (or a line of a Markdown list): user text as
 * text output shows it (escapeText: line breaks, controls, bidi and
 * separator characters as escapes, so the job summary shows what the file
 * holds and no U+202E reverses it), then no pipes and no HTML: Markdown's
 * own backslash escapes, which the rendered page does not show; no link or
 * mention GFM or GitHub would make of bare text (noAutolinks); and no issue,
 * pull request or commit reference GitHub would make of it: each is a code
 * span (GITHUB_REFERENCE).
 */
export function markdownCell(s: string): string {
  const text = escapeText(s);
  let out = '';
  let code = '';
  let last = 0;
  for (const m of text.matchAll(GITHUB_REFERENCE)) {
    const before = text.slice(last, m.index);
    // two references side by side (#1#2) are one code span: `#1``#2` would be one span holding the backticks
    if (before !== '') {
      out += `${code === '' ? '' : `\`${code}\``}${markdownText(before)}`;
      code = '';
    }
    code += m[0];
    last = m.index + m[0].length;
  }
  return `${out}${code === '' ? '' : `\`${code}\``}${markdownText(text.slice(last))}`;
}

/** Text (no reference GITHUB_REFERENCE finds) as Markdown that renders it, linking nothing. */
function markdownText(text: string): string {
  // '&' too: CommonMark decodes entity references (&#x202E;, &lt;) outside code spans, a backslash before it does not
  return noAutolinks(text.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`));
}

/**
 * Issue, pull request and commit references that GitHub links in Markdown it
 * renders (docs.github.com, "Autolinked references and URLs",
 * /en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls):
 * `#26`, `GH-26`, `owner/repo#26`; a commit SHA (`a5c3785`, 40 hex digits),
 * `user@SHA`, `owner/repo@SHA`. The page gives examples, no grammar, and does
 * not say whether a step summary gets them (only that wikis and repository
 * files do not): taken as if it does. What this relies on, from GitHub's own
 * open copies of the filters (GitHub Desktop, app/src/lib/markdown-filters/
 * issue-mention-filter.ts, commit-mention-filter.ts, team-mention-filter.ts;
 * html-pipeline's mention filters work the same way): they run on the
 * rendered HTML, matching a regular expression in each text node, and skip
 * the text inside `<code>`, `<pre>` and `<a>`. So a backslash (`\#26`) stops
 * nothing, as it is gone from the rendered text; a code span does: `#26`
 * written `` `#26` `` renders as `<code>#26</code>`, which reads the same
 * (monospace, as GitHub shows a short SHA) and copies as written, where a
 * zero-width space inside would be copied too and break a pasted SHA
 * (`git show`). Deterministic: the same text gives the same spans.
 *
 * Matched in the text as it renders (escapeText's output; the Markdown escapes
 * go around it), wider than Desktop's patterns:
 * - an issue or pull request: `#`, `gh-` (any case) or `/issues/`, `/pull/`,
 *   `/discussions/` (Desktop's markers), then digits that no letter, digit or
 *   `_` follows (a word boundary, as there), with the `owner` or `owner/repo`
 *   before it in the span. Wherever it stands: the word before the marker is
 *   an owner to Desktop (`x#1`, `foogh-1` reference owner x's, foo's issue 1);
 * - a commit: 7 or more hex digits, any case, digits alone too (GitHub links
 *   one that is the prefix of a commit in the repository: `1234567` can be),
 *   no letter, digit or `_` on either side (Desktop wants a space, `(`, `{`,
 *   `[`, `@` or `..` before it; github.com does not take `.` alone,
 *   remarkjs/remark-github issue 22; any other character is taken here), with
 *   its `user@` or `owner/repo@` in the span. More than 40 digits too (a
 *   SHA-256 name has 64). `0x1234567` is none (`x` before it) and stays text.
 * No letter, digit or `_` stands either side of a span, so the text beside
 * it ends and starts as it did: cutting a text node there makes no new word
 * boundary for a pattern to match at. An `owner` or `owner/repo` is only
 * tried from the start of its run of `\w.-` (the lookbehinds): linear, where
 * trying it from every character of a long word would be quadratic.
 * `@org/team` team mentions and `@user` are noMentions' (a zero-width space
 * after the `@`).
 * Bootreplay's own words in a message are spans too (the Linux commit an
 * input problem cites, `0dbfafa5fcd`; a commit subject's `#1`, which would
 * link the reader's issue 1): a message is escaped whole, as for noAutolinks.
 */
const GITHUB_REFERENCE = /(?:(?<![\w.-])[\w.-]+(?:\/[\w.-]+)?)?(?:#|gh-|\/(?:issues|pull|discussions)\/)\d+(?!\w)|(?:(?<![\w.-])[\w.-]+(?:\/[\w.-]+)?@|(?<!\w))[0-9a-f]{7,}(?!\w)/gi;

/**
 * Escaped Markdown with GFM's extended autolinks and GitHub's @mentions
 * turned into text that reads the same (break-226 N3: a scenario name or an
 * allow reason with http://…, www.… or @someone became a live link or
 * mention in the job summary, although `[`, `<` and the like are escaped).
 * cmark-gfm, which GitHub renders with, finds `scheme://` at the `:` and
 * `www.` at the `w` while it reads the source (extensions/autolink.c
 * url_match, www_match), so a backslash before the `:` or the `.` makes
 * them text and is not shown. Email autolinks are found after the inlines
 * are parsed, in text whose escapes are resolved (postprocess_text), and
 * mentions in the rendered page: a backslash stops neither, so such an `@`
 * gets a zero-width space after it (noMentions).
 */
function noAutolinks(md: string): string {
  return noMentions(md.replace(/:\/\//g, '\\://').replace(/(www)\./gi, '$1\\.'));
}

/**
 * noAutolinks for `@`, one word (a run without spaces) at a time: an `@`
 * before a letter or digit may start a mention after the word's start or a
 * non-word character (GitHub's `(?:^|\W)@name`), and may end an email
 * address's local part when a `.` and a letter or digit follow in the word
 * (cmark-gfm's postprocess_text wants a dot in the domain). Such an `@` gets
 * `&#8203;` after it: a zero-width space, which neither reads past (`\@`
 * still mentions: github/markup issue 1168); any other
 * keeps none, so that `memmap=64M@16M` copied from the page is what was
 * written. Linear: each word is read once for its last dot, not once per `@`.
 */
function noMentions(md: string): string {
  // without an `@` there is nothing to do: each word read through two regexes for nothing was most of a small summary's cost
  if (!md.includes('@')) return md;
  return md.replace(/\S+/g, (word: string) => {
    let lastDot = -1;
    for (const m of word.matchAll(/\.(?=[A-Za-z0-9])/g)) lastDot = m.index;
    return word.replace(/@(?=[A-Za-z0-9])/g, (at: string, i: number) => {
      const before = word[i - 1];
      return before === undefined || !/\w/.test(before) || i < lastDot ? '@&#8203;' : at;
    });
  });
}
