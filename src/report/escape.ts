/**
 * Escaping of user text (file names, scenario names, notes, reasons) for
 * each output format, so a hostile name cannot break the document or forge
 * a line of it: XML/HTML, GitHub workflow commands, KTAP lines, Markdown.
 */

/** Characters XML 1.0 cannot hold at all (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). */
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text content of an XML or HTML element. */
export function xmlText(s: string): string {
  return s.replace(XML_INVALID, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

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
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command (`file=VALUE,…`), as @actions/core escapes it. */
export function commandProperty(s: string): string {
  return commandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One line of KTAP text: no line breaks (a forged `ok 1` line), and no `#`
 * in a test description, where KTAP reads it as the start of a directive.
 */
export function ktapLine(s: string, inDescription: boolean): string {
  const one = s.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?');
  return inDescription ? one.replace(/#/g, '%23') : one;
}

/** A cell of a Markdown table: no line breaks or pipes, and no HTML. */
export function markdownCell(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}
