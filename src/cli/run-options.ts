/** Options and exit codes shared by main.ts and the lazily loaded run.ts. */
import type { Format } from '../report/formats.js';

export type { Format };

/** `run --format` values; the formatters are src/report/formats.ts (a type-only import: --help loads none of them). */
export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'ktap', 'html'] as const satisfies readonly Format[];

export interface RunOptions {
  readonly format: Format;
  readonly verbose: boolean;
  /** print each scenario's final layout: the region map, or the page-table dump */
  readonly layout: false | 'map' | 'ptdump';
  readonly output: string | undefined;
  /** --variant: a selector over matrix variant names (key=value pairs with glob values, or a glob over the name) */
  readonly variant?: string | undefined;
  /** --sarif-root: SARIF artifact URIs are relative to it (default: the working directory) */
  readonly sarifRoot?: string | undefined;
  /** --baseline FILE: a previous JSON report; only findings not in it fail */
  readonly baseline?: string | undefined;
  /** --update-baseline FILE: write the current JSON report there (atomically) and gate against it */
  readonly updateBaseline?: string | undefined;
  /** --no-allow: ignore `allow:` entries */
  readonly noAllow?: boolean | undefined;
  /** --shard i/n */
  readonly shard?: string | undefined;
}

/** The values `run --layout[=VIEW]` takes. */
export const LAYOUT_VIEWS = ['map', 'ptdump'] as const;

/** Exit codes (DESIGN §6): 0 no error findings, 1 error findings, 2 invalid input or usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** What a baseline or shard report must be, said after why it is not (decodeText). */
export const REPORT_TEXT = 'a bootreplay report is UTF-8 JSON';
