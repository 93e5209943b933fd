/** The fuzz's own checks fail where they must (a property that cannot fail would pass every case). */
import { describe, expect, it } from 'vitest';
import { expectNoCommandLines, expectSafeLines } from './properties.js';

describe('expectNoCommandLines: a line the Actions runner would read as a workflow command', () => {
  it('is any line that starts with :: after white space, unless it is the github format\'s own annotation', () => {
    for (const s of ['a\n::x', '::error file=a::m\nb', 'x\n \t::error a', '\u0085::notice x', 'a\r\n::x']) {
      expect(() => expectNoCommandLines(s, 'text'), JSON.stringify(s)).toThrow(/a line that is a workflow command/);
    }
    for (const s of ['a :: b\nc::d', 'plain', '', 'x ::\n y::']) expect(() => expectNoCommandLines(s, 'text'), JSON.stringify(s)).not.toThrow();
    expect(() => expectNoCommandLines('::error file=a::m\n::notice title=b::c\n', 'github', true)).not.toThrow();
    for (const s of ['::error file=a::m\n::nosuch::x', ' ::error x', 'a\n::errorx']) expect(() => expectNoCommandLines(s, 'github', true), JSON.stringify(s)).toThrow();
  });
});

describe('expectSafeLines: a control, format or separator character within a line', () => {
  it('throws for each kind, not for the line break between lines', () => {
    for (const s of ['a\rb', '\u001b[2J', 'x\u202ey', '\u2028', '\u0085', 'tab\there']) expect(() => expectSafeLines(s, 'text'), JSON.stringify(s)).toThrow(/unescaped/);
    expect(() => expectSafeLines('one\ntwo\n', 'text')).not.toThrow();
  });
});
