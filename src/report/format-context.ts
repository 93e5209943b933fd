/**
 * What formatters get besides the report: display choices and the few facts
 * of the run that are not in the results (the tool's version, how a file is
 * named as a SARIF artifact). Built by the CLI; formatters stay pure.
 */
import type { Style } from './text.js';

export interface FormatContext {
  readonly verbose: boolean;
  /** text: print each scenario's final layout: the region map, or the page-table dump */
  readonly layout: false | 'map' | 'ptdump';
  readonly style: Style;
  /** the tool's version (package.json) */
  readonly version: string;
  /** where people learn about the tool (package.json `homepage`), when it has one */
  readonly informationUri?: string | undefined;
  /** the artifact URI of a scenario file, as the user named it: relative to --sarif-root, `/`-separated, percent-encoded */
  readonly artifactUri: (file: string) => string;
}
