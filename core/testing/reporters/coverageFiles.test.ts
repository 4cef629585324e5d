// LCOV and Cobertura coverage files: each state at the line of its name (as a line and a function),
// each transition as a branch at the line of its field, a never-entered state's branches as not
// executed; states sharing a line count as covered only when all of them are.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coverageReport, machineCoverage } from '../coverage';
import { emptyHits, retrierKey, transitionKey, type CoverageHits } from '../facts';
import { formatCobertura, formatLcov } from './coverageFiles';

const MACHINE = `{
  "StartAt": "Check",
  "States": {
    "Check": {
      "Type": "Choice",
      "Choices": [
        { "Variable": "$.n", "NumericGreaterThan": 0, "Next": "Work" },
        { "Variable": "$.n", "NumericLessThan": 0, "Next": "Negative" }
      ],
      "Default": "Zero"
    },
    "Work": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
      "Retry": [{ "ErrorEquals": ["States.ALL"] }],
      "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Negative" }],
      "Next": "Done"
    },
    "Negative": { "Type": "Fail", "Error": "Negative" },
    "Zero": { "Type": "Succeed" },
    "Done": { "Type": "Succeed" }
  }
}
`;

/** The 1-based line of the first occurrence of `text` in MACHINE. */
function lineOf(text: string, source = MACHINE): number {
  const at = source.indexOf(text);
  assert.ok(at >= 0, text);
  return source.slice(0, at).split('\n').length;
}

function hitsOf(
  states: Record<string, number>,
  transitions: [string, 'next' | 'choice' | 'default' | 'catch', number?, number?][],
): CoverageHits {
  const hits = emptyHits();
  for (const [name, n] of Object.entries(states)) hits.states.set(name, n);
  for (const [from, kind, index, n] of transitions)
    hits.transitions.set(transitionKey(from, kind, index), n ?? 1);
  return hits;
}

function report(text: string, hits: CoverageHits, file = '/repo/machines/m.asl.json') {
  return coverageReport([machineCoverage(file, JSON.parse(text) as never, hits)]);
}

const readFile = (): string => MACHINE;
const displayPath = (): string => 'machines/m.asl.json';

void describe('formatLcov', () => {
  // Check ran 3 times (rule 0 twice, Default once); Work twice, Done twice; Negative never.
  const hits = hitsOf({ Check: 3, Work: 2, Done: 2, Zero: 1 }, [
    ['Check', 'choice', 0, 2],
    ['Check', 'default', undefined, 1],
    ['Work', 'next', undefined, 2],
  ]);
  hits.retriers.set(retrierKey('Work', 0), 1);
  const lcov = formatLcov(report(MACHINE, hits), { readFile, displayPath });
  const lines = lcov.trim().split('\n');

  void it('names the machine file and ends the record', () => {
    assert.equal(lines[0], 'TN:');
    assert.equal(lines[1], 'SF:machines/m.asl.json');
    assert.equal(lines.at(-1), 'end_of_record');
  });

  void it('puts each state at the line of its name, as a function and a line', () => {
    for (const [name, count] of [
      ['Check', 3],
      ['Work', 2],
      ['Negative', 0],
      ['Zero', 1],
      ['Done', 2],
    ] as const) {
      const line = lineOf(`"${name}": {`);
      assert.ok(lines.includes(`FN:${line},${name}`), `FN ${name}`);
      assert.ok(lines.includes(`FNDA:${count},${name}`), `FNDA ${name}`);
      assert.ok(lines.includes(`DA:${line},${count}`), `DA ${name}`);
    }
    assert.ok(lines.includes('FNF:5') && lines.includes('FNH:4'));
    assert.ok(lines.includes('LF:5') && lines.includes('LH:4'));
  });

  void it('puts each transition at the line of its field, block per state, taken counts', () => {
    const rule0 = lineOf('"NumericGreaterThan"');
    const rule1 = lineOf('"NumericLessThan"');
    assert.ok(lines.includes(`BRDA:${rule0},0,0,2`), 'Choice rule 0');
    assert.ok(lines.includes(`BRDA:${rule1},0,1,0`), 'Choice rule 1: the state ran, the rule never matched');
    assert.ok(lines.includes(`BRDA:${lineOf('"Default"')},0,2,1`), 'Default');
    assert.ok(lines.includes(`BRDA:${lineOf('"Next": "Done"')},1,0,2`), 'Work Next');
    assert.ok(lines.includes(`BRDA:${lineOf('"Catch"')},1,1,0`), 'Work Catch #0');
    assert.ok(lines.includes('BRF:5') && lines.includes('BRH:3'));
  });

  void it("marks a never-entered state's branches as not executed ('-')", () => {
    const never = formatLcov(report(MACHINE, hitsOf({ Check: 1 }, [['Check', 'default', undefined, 1]])), {
      readFile,
      displayPath,
    });
    assert.match(never, new RegExp(`^BRDA:${lineOf('"Next": "Done"')},1,0,-$`, 'm'));
    assert.match(never, new RegExp(`^BRDA:${lineOf('"Catch"')},1,1,-$`, 'm'));
  });

  void it('counts a line holding several states as covered only when all of them are', () => {
    const oneLine = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' }, C: { Type: 'Succeed' } },
    });
    const out = formatLcov(report(oneLine, hitsOf({ A: 4, B: 4 }, [['A', 'next', undefined, 4]])), {
      readFile: () => oneLine,
      displayPath,
    });
    assert.match(out, /^DA:1,0$/m, 'C never ran: the shared line is not covered');
    assert.match(out, /^LF:1$/m);
    assert.match(out, /^FNDA:4,A$/m);
    assert.match(out, /^FNDA:0,C$/m);
  });

  void it('reads YAML definitions with their lines', () => {
    const yaml = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    Type: Succeed\n';
    const out = formatLcov(
      report(
        JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } }),
        hitsOf({ A: 1 }, [['A', 'next', undefined, 1]]),
        '/repo/m.asl.yaml',
      ),
      {
        readFile: () => yaml,
        displayPath: () => 'm.asl.yaml',
      },
    );
    assert.match(out, /^DA:3,1$/m);
    assert.match(out, /^DA:6,0$/m);
    assert.match(out, /^BRDA:5,0,0,1$/m);
  });
});

void describe('formatCobertura', () => {
  const hits = hitsOf({ Check: 3, Work: 2, Done: 2, Zero: 1 }, [
    ['Check', 'choice', 0, 2],
    ['Check', 'default', undefined, 1],
    ['Work', 'next', undefined, 2],
  ]);
  const xml = formatCobertura(report(MACHINE, hits), {
    readFile,
    displayPath,
    sourceRoot: '/repo',
    timestamp: 1700000000,
    version: 'stepthrough 0.0.0',
  });

  void it('has the coverage-04 structure: sources, a package per folder, a class per machine', () => {
    assert.match(
      xml,
      /^<\?xml version="1\.0" \?>\n<!DOCTYPE coverage SYSTEM "http:\/\/cobertura\.sourceforge\.net\/xml\/coverage-04\.dtd">/,
    );
    assert.match(
      xml,
      /<coverage line-rate="0\.8000" branch-rate="0\.6000" lines-covered="4" lines-valid="5" branches-covered="3" branches-valid="5" complexity="0" version="stepthrough 0\.0\.0" timestamp="1700000000">/,
    );
    assert.match(xml, /<source>\/repo<\/source>/);
    assert.match(xml, /<package name="machines" line-rate="0\.8000" branch-rate="0\.6000" complexity="0">/);
    assert.match(xml, /<class name="m\.asl\.json" filename="machines\/m\.asl\.json"/);
    for (const tag of [
      'coverage',
      'sources',
      'packages',
      'package',
      'classes',
      'class',
      'methods',
      'method',
      'lines',
    ]) {
      const open = (xml.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length;
      const close = (xml.match(new RegExp(`</${tag}>`, 'g')) ?? []).length;
      assert.equal(open, close, `<${tag}> balanced`);
    }
  });

  void it('has a method per state and the branches on their lines as condition coverage', () => {
    assert.match(xml, /<method name="Negative" signature="" line-rate="0\.0000"/);
    assert.match(xml, new RegExp(`<line number="${lineOf('"Check": {')}" hits="3" branch="false"/>`));
    assert.match(
      xml,
      new RegExp(
        `<line number="${lineOf('"NumericLessThan"')}" hits="0" branch="true" condition-coverage="0% \\(0/1\\)"/>`,
      ),
    );
    assert.match(
      xml,
      new RegExp(
        `<line number="${lineOf('"NumericGreaterThan"')}" hits="2" branch="true" condition-coverage="100% \\(1/1\\)"/>`,
      ),
    );
  });
});
