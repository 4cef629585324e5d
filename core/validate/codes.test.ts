// docs/diagnostics.md documents exactly the codes DIAGNOSTIC_CODES defines, with the same severities, and
// every code the validator reports is one of them.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ParseCode } from '../parse';
import { DIAGNOSTIC_CODES } from './index';

const DOC = resolve(__dirname, '..', '..', 'docs', 'diagnostics.md');

void describe('diagnostic codes', () => {
  void it('docs/diagnostics.md has one row per code, with its severity', () => {
    const rows = new Map<string, string>();
    for (const line of readFileSync(DOC, 'utf8').split('\n')) {
      const match = /^\| (ASL\d{3}) \| (error|warning) \|/.exec(line);
      if (match?.[1] && match[2]) {
        assert.ok(!rows.has(match[1]), `${match[1]} documented twice`);
        rows.set(match[1], match[2]);
      }
    }
    const defined = Object.entries(DIAGNOSTIC_CODES).map(([code, info]) => [code, info.severity]);
    assert.deepEqual([...rows.entries()].sort(), defined.sort());
  });

  void it("includes the parser's codes", () => {
    for (const code of Object.values(ParseCode)) assert.ok(code in DIAGNOSTIC_CODES, code);
  });

  void it('every code written in the validator source is defined', () => {
    const dir = __dirname;
    for (const file of readdirSync(dir).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    )) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/'(ASL\d{3})'/g)) {
        assert.ok(match[1] && match[1] in DIAGNOSTIC_CODES, `${file}: ${match[1]}`);
      }
    }
  });
});
