/** Options and exit codes shared by main.ts and the lazily loaded run.ts. */
export interface RunOptions {
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
  /** print each scenario's final layout: the region map, or the page-table dump */
  readonly layout: false | 'map' | 'ptdump';
  readonly output: string | undefined;
}

/** The values `run --layout[=VIEW]` takes. */
export const LAYOUT_VIEWS = ['map', 'ptdump'] as const;

/** Exit codes (DESIGN §6): 0 no error findings, 1 error findings, 2 invalid input or usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
