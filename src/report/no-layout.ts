/**
 * The one sentence for a scenario without a final layout (its replay halted
 * before setup_arch(); noLayoutReason() in replay/trace.ts), shared by the
 * `layout` and `trace` commands, `run --layout` and the HTML report, so each says the same
 * thing and none prints a layout no kernel reaches.
 */

/** What was asked for: the region map, the page-table dump, or the event trace (`trace`). */
export type NoLayoutView = 'map' | 'ptdump' | 'trace';

/** What is missing, by view. */
const NOTHING: Readonly<Record<NoLayoutView, string>> = {
  map: 'there is no layout to print',
  ptdump: 'there is no page-table dump to print',
  // a halted replay runs no setup_arch() call: there is no event to list
  trace: 'there is no boot step to trace',
};

/**
 * "x.yaml[v]: the replay halts before setup_arch() (…), so there is no layout to print".
 * @param name the file, or file[variant] (displayName); user text, escaped by the caller's format
 * @param reason noLayoutReason() of the trace
 * @param view what was asked for: the region map, the page-table dump or the event trace
 */
export function noLayoutText(name: string, reason: string, view: NoLayoutView): string {
  return `${name}: ${reason}, so ${NOTHING[view]}`;
}
