/** Options and exit codes shared by main.ts and the lazily loaded run.ts. */
export interface RunOptions {
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
  readonly layout: boolean;
  readonly output: string | undefined;
  /** --variant: a glob over matrix variant names */
  readonly variant?: string | undefined;
}

/** Exit codes (DESIGN §6): 0 no error findings, 1 error findings, 2 invalid input or usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
