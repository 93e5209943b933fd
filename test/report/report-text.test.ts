/**
 * appendText: a report's text followed by its tail (the matrix tables) writes the bytes `text + tail` did,
 * without making that one string.
 */
import { describe, expect, it } from 'vitest';
import { appendText, textOf } from '../../src/report/report-text.js';

describe('appendText', () => {
  it('is the text and then the tail, in pieces', () => {
    const t = appendText('a\nb\n', 'table\n');
    expect(typeof t).not.toBe('string');
    expect(textOf(t)).toBe('a\nb\ntable\n');
  });

  it('leaves the text as it is when the tail is empty', () => {
    expect(appendText('a\n', '')).toBe('a\n');
  });

  it('appends to a text in pieces after its last piece', () => {
    expect(textOf(appendText({ chunks: ['a\n', 'b\n'] }, 'c\n'))).toBe('a\nb\nc\n');
  });
});
