// Tests for LineMap: lines end at \n, \r\n or a lone \r, whether or not the text has any \r.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineMap } from './diagnostics';

/** Positions of every offset, worked out one character at a time. */
function expectedPositions(text: string): { line: number; character: number }[] {
  const out = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, character });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  return out;
}

describe('LineMap', () => {
  for (const text of ['', 'a', '\n', 'ab\ncd\n\nef', 'a\r\nb\rc\n\r\nd\r', '\r\r\n\n', 'x\r\n']) {
    test(`positions and offsets in ${JSON.stringify(text)}`, () => {
      const lines = new LineMap(text);
      const expected = expectedPositions(text);
      expected.forEach((position, offset) => assert.deepEqual(lines.positionAt(offset), position));
      assert.equal(lines.lineCount, (expected[text.length]?.line ?? 0) + 1);
      for (let line = 0; line < lines.lineCount; line++) {
        const start = expected.findIndex((p) => p.line === line);
        assert.equal(lines.offsetAt({ line, character: 0 }), start);
      }
      assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
      assert.deepEqual(lines.positionAt(text.length + 5), expected[text.length]);
    });
  }
});
