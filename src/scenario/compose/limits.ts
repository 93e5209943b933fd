/**
 * The limits of composing scenarios, in one place. Each is reported as a
 * located input error (file:line:col, exit 2) when a file exceeds it, never
 * as a crash or a silent cut.
 */

/** Links of an `extends` chain (a file, its base, its base's base, …): deeper is an error naming the chain. */
export const MAX_EXTENDS_DEPTH = 8;

/** Variants one `matrix:` may expand to, after exclude and include: beyond it, split the file. */
export const MAX_VARIANTS = 4096;

/**
 * Combinations of the axes as written, before exclude: above this the
 * product is refused without being enumerated (a typo such as a 100-value
 * axis must not make the loader build millions of combinations first).
 */
export const MAX_MATRIX_PRODUCT = MAX_VARIANTS * 16;
