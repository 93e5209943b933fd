/**
 * The one sentence for a scenario without a final layout (its replay halted
 * before setup_arch(); noLayoutReason() in replay/trace.ts), shared by the
 * `layout` command, `run --layout` and the HTML report, so each says the same
 * thing and none prints a layout no kernel reaches.
 */

/**
 * "x.yaml[v]: the replay halts before setup_arch() (…), so there is no layout to print".
 * @param name the file, or file[variant] (displayName); user text, escaped by the caller's format
 * @param reason noLayoutReason() of the trace
 * @param view what was asked for: the region map or the page-table dump
 */
export function noLayoutText(name: string, reason: string, view: 'map' | 'ptdump'): string {
  return `${name}: ${reason}, so there is no ${view === 'ptdump' ? 'page-table dump' : 'layout'} to print`;
}
