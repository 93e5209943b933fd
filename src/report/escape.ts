/**
 * The escapers of each output format live with the terminal one in
 * src/escape.ts (one module for all user text); re-exported here for the
 * report formatters.
 */
export { commandData, commandPathProperty, commandProperty, ktapLine, markdownCell, xmlAttr, xmlLine, xmlPathAttr, xmlText } from '../escape.js';
