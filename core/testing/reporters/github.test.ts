// GitHub reports: one `::error` workflow command per failing case on its test-file line (the first
// unmet expectation, its first difference, the path taken) and per problem of a file that could not
// load, escaped as GitHub's toolkit does; the Markdown job summary with totals, failures and coverage.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coverageReport, machineCoverage } from '../coverage';
import { emptyHits } from '../facts';
import type { CaseResult } from '../model';
import type { SuiteResult } from '../runner';
import { formatGithub, formatMarkdown } from './github';

const failing: CaseResult = {
  file: '/ws/tests/order.sfn-test.yaml',
  name: 'ships, 100% of orders: fast',
  location: { file: '/ws/tests/order.sfn-test.yaml', line: 12, column: 5 },
  outcome: 'failed',
  durationMs: 3,
  failures: [
    {
      check: 'output',
      message: 'output differs',
      difference: { path: '$.chargeId', kind: 'changed', expected: 'ch-2', actual: 'ch-1' },
    },
    { check: 'status', message: 'status: expected SUCCEEDED, got FAILED' },
  ],
  execution: { status: 'FAILED', output: null, error: 'Order.Empty', path: ['Validate', 'Ship'] },
};

const passing: CaseResult = {
  ...failing,
  name: 'passes',
  outcome: 'passed',
  failures: [],
  location: { ...failing.location, line: 3 },
};

const hits = emptyHits();
hits.states.set('A', 2);
const suite: SuiteResult = {
  files: [
    { file: '/ws/tests/order.sfn-test.yaml', machineFile: '/ws/m.asl.json', cases: [passing, failing] },
    {
      file: '/ws/tests/bad.sfn-test.yaml',
      cases: [],
      problems: [
        {
          file: '/ws/tests/bad.sfn-test.yaml',
          line: 4,
          column: 3,
          message: 'unknown key "expcet", did you mean "expect"?',
        },
      ],
    },
  ],
  totals: { files: 2, cases: 2, passed: 1, failed: 1, skipped: 0, errors: 0, badFiles: 1 },
  durationMs: 10,
  coverage: coverageReport([
    machineCoverage(
      '/ws/m.asl.json',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } },
      hits,
    ),
  ]),
};

const displayPath = (path: string): string => path.replace('/ws/', '');

void describe('formatGithub', () => {
  const lines = formatGithub(suite, { displayPath }).trim().split('\n');

  void it('annotates each failing case at its line in the test file, escaped', () => {
    const annotation = lines.find((l) => l.includes('line=12'));
    assert.ok(annotation, lines.join('\n'));
    assert.equal(
      annotation,
      '::error file=tests/order.sfn-test.yaml,line=12,col=5,title=Stepthrough%3A ships%2C 100%25 of orders%3A fast::' +
        'output: first difference at $.chargeId%0A- "ch-2"%0A+ "ch-1"%0Astatus: expected SUCCEEDED, got FAILED%0A' +
        'path taken: Validate → Ship%0Aended: FAILED Order.Empty',
    );
    assert.ok(!lines.some((l) => l.includes('line=3,')), 'no annotation for a passing case');
  });

  void it('annotates the problems of a test file that could not load', () => {
    assert.ok(
      lines.includes(
        '::error file=tests/bad.sfn-test.yaml,line=4,col=3,title=Stepthrough%3A test file has problems::unknown key "expcet", did you mean "expect"?',
      ),
    );
  });

  void it('ends with the totals as a notice', () => {
    assert.equal(
      lines.at(-1),
      '::notice title=Stepthrough::1 passed, 1 failed, 0 skipped of 2 cases in 2 files (1 with problems)',
    );
  });
});

void describe('formatMarkdown', () => {
  const markdown = formatMarkdown(suite, { displayPath, coverage: true });

  void it('heads with the verdict and totals, and a row per test file', () => {
    assert.match(markdown, /^## ❌ Stepthrough: 1 passed, 1 failed \(2 cases, 2 files\)\n/);
    assert.match(markdown, /^\| tests\/order\.sfn-test\.yaml \| 1 \| 1 \| 0 \|$/m);
    assert.match(markdown, /^\| tests\/bad\.sfn-test\.yaml \| — \| not run: 1 problem\(s\) \| — \|$/m);
  });

  void it('shows each failure with its place, first difference and path', () => {
    assert.match(
      markdown,
      /\*\*✗ ships, 100% of orders: fast\*\* — `tests\/order\.sfn-test\.yaml:12`\n\n```diff\noutput: first difference at \$\.chargeId\n- "ch-2"\n\+ "ch-1"\n/,
    );
    assert.match(markdown, /path taken: Validate → Ship\n/);
    assert.match(markdown, /\*\*tests\/bad\.sfn-test\.yaml:4:3\*\* — unknown key/);
  });

  void it('shows coverage per machine with what no case exercised', () => {
    assert.match(markdown, /### Coverage: /);
    assert.match(
      markdown,
      /^\| m\.asl\.json \| 1\/2 \| 0\/1 \| 0\/0 \| 33\.3% \| state B, A → B \(Next\) \|$/m,
    );
  });

  void it('leaves coverage out when the run did not ask for it, and says ✅ when all passed', () => {
    const green = formatMarkdown(
      {
        ...suite,
        files: [suite.files[0] ?? { file: '', cases: [] }].map((f) => ({ ...f, cases: [passing] })),
        totals: { files: 1, cases: 1, passed: 1, failed: 0, skipped: 0, errors: 0, badFiles: 0 },
      },
      { displayPath },
    );
    assert.match(green, /^## ✅ Stepthrough: 1 passed, 0 failed \(1 case, 1 file\)/);
    assert.doesNotMatch(green, /Coverage/);
    assert.doesNotMatch(green, /Failures/);
  });
});

void describe('a case that could not run (AWS would reject its machine)', () => {
  const refused: CaseResult = {
    ...failing,
    name: 'refused',
    outcome: 'error',
    durationMs: 0,
    location: { ...failing.location, line: 20 },
    failures: [{ check: 'definition', message: 'AWS would reject the state machine (1 error: ASL013)' }],
    diagnostics: [
      {
        file: '/ws/m.asl.json',
        path: ['States', 'A', 'Next'],
        code: 'ASL013',
        severity: 'error',
        message: "Next names 'Nope', which is not a state.",
        range: { start: { line: 6, character: 14 }, end: { line: 6, character: 20 } },
        offsets: { start: 90, end: 96 },
      },
    ],
  };
  delete refused.execution;
  const errorSuite: SuiteResult = {
    ...suite,
    files: [
      { file: '/ws/tests/order.sfn-test.yaml', machineFile: '/ws/m.asl.json', cases: [passing, refused] },
    ],
    totals: { files: 1, cases: 2, passed: 1, failed: 0, skipped: 0, errors: 1, badFiles: 0 },
  };

  void it('is annotated at its case and at the diagnostic in the machine, and counted as not run', () => {
    const lines = formatGithub(errorSuite, { displayPath }).trim().split('\n');
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          '::error file=tests/order.sfn-test.yaml,line=20,col=5,title=Stepthrough%3A refused (not run)::AWS would reject',
        ),
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.includes(
        "::error file=m.asl.json,line=7,col=15,title=Stepthrough%3A ASL013::Next names 'Nope', which is not a state.",
      ),
      lines.join('\n'),
    );
    assert.equal(
      lines.at(-1),
      '::notice title=Stepthrough::1 passed, 0 failed, 1 not run, 0 skipped of 2 cases in 1 file',
    );
  });

  void it("fails the Markdown summary and lists the machine's diagnostics", () => {
    const markdown = formatMarkdown(errorSuite, { displayPath });
    assert.match(
      markdown,
      /^## ❌ Stepthrough: 1 passed, 0 failed, 1 not run \(AWS would reject the machine\)/,
    );
    assert.match(markdown, /^\| tests\/order\.sfn-test\.yaml \| 1 \| 1 \| 0 \|$/m);
    assert.match(markdown, /\*\*! refused\*\* \(not run\) — `tests\/order\.sfn-test\.yaml:20`/);
    assert.match(markdown, /m\.asl\.json:7:15 ASL013 Next names 'Nope'/);
  });
});
