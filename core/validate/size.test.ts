// AWS's 1 MB limit on a definition (ASL116, ASL117). Evidence: the CreateStateMachine API model gives
// `definition` a maximum length of 1048576 (botocore's stepfunctions service-2.json, shape Definition), and
// the Step Functions service quotas list "Maximum size of state machine definition: 1 MB" as a hard quota.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { validate } from './index';
import { MAX_DEFINITION_BYTES, utf8Bytes } from './size';

/** A valid definition whose compact JSON is exactly `bytes` UTF-8 bytes, its Result string filled with `fill`. */
function definitionOfSize(bytes: number, fill = 'x'): Record<string, unknown> {
  const make = (result: string) => ({
    StartAt: 'A',
    States: { A: { Type: 'Pass', Result: result, End: true } },
  });
  const overhead = Buffer.byteLength(JSON.stringify(make('')));
  const unit = Buffer.byteLength(JSON.stringify(fill)) - 2;
  const count = Math.floor((bytes - overhead) / unit);
  const rest = bytes - overhead - count * unit;
  const definition = make(fill.repeat(count) + 'x'.repeat(rest));
  assert.equal(Buffer.byteLength(JSON.stringify(definition)), bytes);
  return definition;
}

const codes = (text: string, fileName = 'big.asl.json'): string[] =>
  validate(text, { fileName }).map((d) => `${d.code} ${d.severity}`);

void describe("AWS's 1 MB limit on a definition", () => {
  void it('1,048,576 bytes of compact JSON pass; one byte more is an error on the first line', () => {
    assert.deepEqual(codes(JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES))), []);
    const over = validate(JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES + 1)), {
      fileName: 'big.asl.json',
    });
    assert.deepEqual(
      over.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
      [['ASL116', 'error', 0, 0]],
    );
    assert.match(
      over[0]?.message ?? '',
      /1,048,577 bytes even as compact JSON, over AWS's limit of 1,048,576 bytes/,
    );
  });

  void it('counts UTF-8 bytes, not characters', () => {
    // 'é' is 2 bytes: at the limit in bytes with far fewer characters.
    const atLimit = JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES, 'é'));
    assert.ok(atLimit.length < MAX_DEFINITION_BYTES * 0.6);
    assert.deepEqual(codes(atLimit), []);
    assert.deepEqual(codes(JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES + 1, 'é'))), [
      'ASL116 error',
    ]);
    // Escapes count as written by JSON.stringify: a quote, a newline, a control character, a 4-byte emoji.
    for (const fill of ['"', '\n', '\u0001', '\u{1F600}', '\\']) {
      assert.deepEqual(
        codes(JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES, fill))),
        [],
        JSON.stringify(fill),
      );
      assert.deepEqual(codes(JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES + 1, fill))), [
        'ASL116 error',
      ]);
    }
  });

  void it('over the limit only as written (indentation) is a warning; over it as compact JSON an error alone', () => {
    const compactUnder = JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES - 100));
    const padded = (spaces: number): string => compactUnder.replace('{', `{${' '.repeat(spaces)}`);
    assert.deepEqual(codes(padded(100)), []);
    assert.deepEqual(codes(padded(101)), ['ASL117 warning']);
    const compactOver = JSON.stringify(definitionOfSize(MAX_DEFINITION_BYTES + 1), null, 2);
    assert.deepEqual(codes(compactOver), ['ASL116 error']);
  });

  void it('a YAML definition is measured as the JSON it becomes', () => {
    assert.deepEqual(codes(toYaml(definitionOfSize(MAX_DEFINITION_BYTES)), 'big.asl.yaml'), []);
    assert.deepEqual(codes(toYaml(definitionOfSize(MAX_DEFINITION_BYTES + 1)), 'big.asl.yaml'), [
      'ASL116 error',
    ]);
  });

  void it('YAML aliases that expand past the limit are counted expanded', () => {
    const chunk = 'x'.repeat(40_000);
    const lines = [
      `StartAt: A`,
      `States:`,
      `  A:`,
      `    Type: Pass`,
      `    End: true`,
      `    Result:`,
      `      - &big "${chunk}"`,
    ];
    for (let i = 0; i < 30; i++) lines.push('      - *big');
    assert.deepEqual(codes(lines.join('\n'), 'alias.asl.yaml'), ['ASL116 error']);
  });

  void it('utf8Bytes counts surrogate pairs as 4 bytes and lone surrogates as 3', () => {
    assert.equal(utf8Bytes('aé€\u{1F600}'), 1 + 2 + 3 + 4);
    assert.equal(utf8Bytes('\ud800x'), 3 + 1);
    assert.equal(utf8Bytes(''), 0);
  });
});
