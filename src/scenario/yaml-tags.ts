/**
 * The tags the loader adds to the yaml library's YAML 1.2 core schema, so that
 * an explicitly tagged value reads as the YAML 1.2.2 spec says.
 */
import type { ScalarTag } from 'yaml';

/**
 * `!!float` on an integer: YAML 1.2.2 §10.3.2 (core schema tag resolution)
 * gives tag:yaml.org,2002:float the regular expression
 * `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, which
 * holds `4096` and `-7`; the yaml library's float tags want a point or an
 * exponent, so `!!float 4096` was refused as not fitting its tag while
 * `!!float 4096.0` passed (break-220 N1). Only a value tagged `!!float`
 * reaches this: a plain `4096` is resolved by the core schema's int tag,
 * which comes before the custom tags, and `identify` never picks it to write
 * a value.
 */
export const INTEGRAL_FLOAT: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^[-+]?[0-9]+$/,
  resolve: (text) => parseFloat(text),
};
