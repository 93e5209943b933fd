/**
 * How `suggest` and `constraints` print the errors that end them with exit 2
 * after loading (a plan over the budget, no machine the kernel can run): each
 * line on its own, escaped on its own, so user text (machine names, file
 * names) can never start a line and a line break of the message is a line
 * break, not a `\n`.
 */
import { escapeText } from '../escape.js';
import { UnsupportedError } from '../compare/unsupported.js';

/**
 * "bootreplay: MESSAGE\n", and for an UnsupportedError one more line per
 * machine and error ("  file.yaml[hypervisor=xen,pae=false]: config-unsupported: …").
 */
export function reasoningErrorText(err: Error): string {
  const lines = err instanceof UnsupportedError ? err.lines : [err.message];
  return lines.map((l, i) => `${escapeText(i === 0 ? `bootreplay: ${l}` : l)}\n`).join('');
}
