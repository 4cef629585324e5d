// Tests for the YAML side of the parser: ranges, CloudFormation tags, anchors and alias bombs, merge keys, multi-documents, nesting bounds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../diagnostics';
import { nodeAtPath, parseDocument } from './index';

function parseYaml(text: string) {
  return parseDocument(text, { format: 'yaml' });
}

function brief(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${d.code} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

describe('values', () => {
  test('YAML 1.2 core schema: Yes/No/On stay strings, numbers and booleans are typed', () => {
    const doc = parseYaml('a: Yes\nb: no\nc: true\nd: 3\ne: 2.5\nf: ~\ng:\nh: "007"\ni: 0x1F\n');
    assert.deepEqual(doc.diagnostics, []);
    assert.deepEqual(doc.value, {
      a: 'Yes',
      b: 'no',
      c: true,
      d: 3,
      e: 2.5,
      f: null,
      g: null,
      h: '007',
      i: 31,
    });
  });

  test('keys that are not strings are stringified', () => {
    const doc = parseYaml('1: one\ntrue: yes\n2.5: x\n');
    assert.deepEqual(doc.value, { '1': 'one', true: 'yes', '2.5': 'x' });
  });

  test('infinity and NaN become strings with a warning', () => {
    const doc = parseYaml('a: .inf\nb: .nan\n');
    assert.deepEqual(doc.value, { a: '.inf', b: '.nan' });
    assert.deepEqual(
      doc.diagnostics.map((d) => `${d.code} ${d.severity}`),
      ['ASL007 warning', 'ASL007 warning'],
    );
  });

  test('key and value ranges come from the YAML nodes', () => {
    const text = 'StartAt: First\nStates:\n  First:\n    Type: Pass\n    End: true\n';
    const doc = parseYaml(text);
    assert.ok(doc.ast?.kind === 'object');
    const startAt = doc.ast.properties[0];
    assert.deepEqual(startAt?.keyRange, { start: 0, end: 7 });
    assert.deepEqual(startAt?.value?.range, { start: 9, end: 14 });
    assert.deepEqual(startAt?.range, { start: 0, end: 14 });
    const first = nodeAtPath(doc.ast, ['States', 'First']);
    // a block map ends where its last value ends, not after the line break
    assert.deepEqual(first?.range, { start: text.indexOf('Type'), end: text.indexOf('true') + 4 });
  });
});

describe('CloudFormation tags', () => {
  test('!Sub, !GetAtt, !Ref and friends are not errors; their values are read as plain YAML', () => {
    const text = [
      'StartAt: A',
      'States:',
      '  A:',
      '    Type: Task',
      '    Resource: !GetAtt MyFunction.Arn',
      '    Parameters:',
      '      Table: !Ref MyTable',
      '      Joined: !Join [":", [a, b]]',
      '      Url: !Sub',
      '        - "https://${Host}/x"',
      '        - Host: !ImportValue HostExport',
      '    End: true',
      '',
    ].join('\n');
    const doc = parseYaml(text);
    assert.deepEqual(doc.diagnostics, []);
    assert.deepEqual(doc.value, {
      StartAt: 'A',
      States: {
        A: {
          Type: 'Task',
          Resource: 'MyFunction.Arn',
          Parameters: {
            Table: 'MyTable',
            Joined: [':', ['a', 'b']],
            Url: ['https://${Host}/x', { Host: 'HostExport' }],
          },
          End: true,
        },
      },
    });
  });
});

describe('anchors and aliases', () => {
  test('aliases are expanded in the value and in the tree, with the alias range', () => {
    const text = 'retry: &retry\n  - ErrorEquals: [States.ALL]\n    MaxAttempts: 2\nA:\n  Retry: *retry\n';
    const doc = parseYaml(text);
    assert.deepEqual(doc.diagnostics, []);
    const retry = [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }];
    assert.deepEqual(doc.value, { retry, A: { Retry: retry } });
    const copied = nodeAtPath(doc.ast, ['A', 'Retry', 0, 'MaxAttempts']);
    const aliasStart = text.indexOf('*retry');
    assert.deepEqual(copied?.range, { start: aliasStart, end: aliasStart + 6 });
  });

  test('merge keys: explicit keys win over merged ones', () => {
    const doc = parseYaml(
      'base: &base\n  Type: Task\n  TimeoutSeconds: 5\nA:\n  <<: *base\n  TimeoutSeconds: 9\n',
    );
    assert.deepEqual(doc.diagnostics, []);
    assert.deepEqual((doc.value as Record<string, unknown>).A, { TimeoutSeconds: 9, Type: 'Task' });
  });

  test('a billion-laughs document is cut off with an error instead of exhausting memory', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      const previous = names[i - 1] ?? 'a';
      lines.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    // The bound is on what is built, not on time (speed is measured by `npm run bench`).
    const doc = parseYaml(lines.join('\n'));
    const bomb = doc.diagnostics.filter((d) => d.code === 'ASL007');
    assert.equal(bomb.length, 1);
    assert.match(bomb[0]?.message ?? '', /Aliases expand to more than/);
    assert.equal(JSON.stringify(doc.value).length < 2_000_000, true);
  });

  test('an alias inside the node it names is reported, not followed forever', () => {
    const doc = parseYaml('a: &a\n  b: *a\n');
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL007 2:6-2:8']);
    assert.deepEqual(doc.value, { a: {} });
  });

  test('an alias with no anchor', () => {
    const doc = parseYaml('a: *nowhere\n');
    assert.ok(doc.diagnostics.some((d) => d.code === 'ASL002' && /nowhere/.test(d.message)));
  });
});

describe('errors', () => {
  test('duplicate keys are reported at the second key', () => {
    const text = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n  A:\n    Type: Succeed\n';
    const doc = parseYaml(text);
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL003 6:3-6:4']);
    assert.match(doc.diagnostics[0]?.message ?? '', /first defined at line 3, column 3/);
  });

  test('more than one document is an error at the separator; the first is still parsed', () => {
    const doc = parseYaml('StartAt: A\n---\nStartAt: B\n');
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL002 2:1-2:4']);
    assert.match(doc.diagnostics[0]?.message ?? '', /2 YAML documents/);
    assert.deepEqual(doc.value, { StartAt: 'A' });
  });

  test('tabs used for indentation', () => {
    const doc = parseYaml('States:\n\tA: 1\n');
    const first = doc.diagnostics[0];
    assert.equal(first?.code, 'ASL002');
    assert.equal(first?.range.start.line, 1);
    assert.match(first?.message ?? '', /indent with spaces/);
  });

  test('bad indentation points at the line', () => {
    const doc = parseYaml('States:\n  A:\n    Type: Pass\n   End: true\n');
    assert.deepEqual(
      doc.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['ASL002', 3]],
    );
  });

  test('a document that is only a scalar is not an object', () => {
    const doc = parseYaml('just text\n');
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL004 1:1-1:10']);
  });

  test('an empty or comment-only document', () => {
    for (const text of ['', '# nothing here\n']) {
      const doc = parseYaml(text);
      assert.equal(doc.ast, undefined);
      assert.deepEqual(
        doc.diagnostics.map((d) => d.code),
        ['ASL004'],
      );
    }
  });
});

describe('deep nesting', () => {
  for (const [name, text] of [
    ['100k flow brackets', '['.repeat(100_000)],
    ['20k compact sequences', '- '.repeat(20_000) + 'x'],
    ['5k indentation levels', Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' x'],
  ] as const) {
    test(`${name}: an ASL005 error, no crash`, () => {
      const doc = parseYaml(text);
      assert.deepEqual(
        doc.diagnostics.map((d) => d.code),
        ['ASL005'],
      );
      assert.equal(doc.ast, undefined);
    });
  }

  test('ordinary nesting is not mistaken for deep nesting', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(`${'  '.repeat(i)}k${i}:`);
    lines.push(`${'  '.repeat(60)}leaf: [1, [2, {x: "[[[["}]]  # comment with [[[[`);
    const doc = parseYaml(lines.join('\n'));
    assert.deepEqual(doc.diagnostics, []);
  });
});
