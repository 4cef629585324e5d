// The validator against ../shared: every real-world definition gets no error, every invalid one at least
// one, the 1057 definitions AWS ran in ../shared/conformance get no error, and the lenient, suspect and
// unparsed files never crash it. The few files whose source disagrees with AWS are listed with the reason.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../diagnostics';
import { REAL_WORLD_REJECTED } from '../../test/corpus/aws-rejects';
import { skipWithoutShared } from '../../test/shared';
import { validate } from './index';

const SHARED = resolve(__dirname, '..', '..', '..', 'shared');
const CORPUS = join(SHARED, 'corpus');
const CONFORMANCE = join(SHARED, 'conformance');

/** Invalid files their source (asl-validator) rejects but AWS accepts, so no error is right. */
const INVALID_ACCEPTED: Readonly<Record<string, string>> = {
  'asl-validator/invalid-jsonata-surround-syntax-no-spaces.asl.json':
    '"{%10%}" is valid: AWS needs no spaces inside {% %} (real-world sam--app-meeting-summarization ends an expression with \'%})',
  'asl-validator/invalid-json-surround-syntax-extra-spaces.asl.json':
    '"{% \\n10 %}" is a valid JSONata expression; only asl-validator\'s single-line regular expression refuses the newline',
};

/** Real-world files allowed a warning: ASL113/ASL115/ASL502/ASL503 on test fixtures written that way on purpose. */
const MAX_REAL_WORLD_FILES_WITH_WARNINGS = 15;

function definitionFiles(dir: string, pattern = /\.asl\.(json|ya?ml)$/): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...definitionFiles(full, pattern));
    else if (pattern.test(entry)) found.push(full);
  }
  return found.sort();
}

function check(file: string): Diagnostic[] {
  const text = readFileSync(file, 'utf8');
  return validate(text, { fileName: file.replace(/\.txt$/, '') });
}

const errorsOf = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error');
const skip = skipWithoutShared(CORPUS);

void describe('corpus', { skip }, () => {
  void it('real-world: 710 definitions, no error but on the listed ones that AWS would reject', (t) => {
    const files = definitionFiles(join(CORPUS, 'real-world'));
    assert.equal(files.length, 710);
    const rejected = new Map<string, string[]>();
    let withWarnings = 0;
    const warningCodes = new Map<string, number>();
    for (const file of files) {
      const diagnostics = check(file);
      const errors = errorsOf(diagnostics);
      if (errors.length > 0)
        rejected.set(
          relative(join(CORPUS, 'real-world'), file),
          [...new Set(errors.map((d) => d.code))].sort(),
        );
      const warnings = diagnostics.filter((d) => d.severity === 'warning');
      if (warnings.length > 0) withWarnings++;
      for (const w of warnings) warningCodes.set(w.code, (warningCodes.get(w.code) ?? 0) + 1);
    }
    const expected = new Map(Object.entries(REAL_WORLD_REJECTED).map(([name, entry]) => [name, entry.codes]));
    assert.deepEqual(Object.fromEntries(rejected), Object.fromEntries(expected));
    assert.equal(files.length - rejected.size, 706, 'real-world definitions with zero errors');
    t.diagnostic(
      `real-world: ${files.length - rejected.size}/${files.length} with no error; ${withWarnings} with warnings ${JSON.stringify(Object.fromEntries(warningCodes))}`,
    );
    assert.ok(
      withWarnings <= MAX_REAL_WORLD_FILES_WITH_WARNINGS,
      `${withWarnings} real-world files with warnings`,
    );
  });

  void it('invalid: 106 definitions, each with at least one error but the two AWS accepts', (t) => {
    const files = definitionFiles(join(CORPUS, 'invalid'));
    assert.equal(files.length, 106);
    const missed = files
      .filter((file) => errorsOf(check(file)).length === 0)
      .map((file) => relative(join(CORPUS, 'invalid'), file));
    assert.deepEqual(missed, Object.keys(INVALID_ACCEPTED).sort());
    assert.equal(files.length - missed.length, 104, 'invalid definitions with at least one error');
    t.diagnostic(`invalid: ${files.length - missed.length}/${files.length} with at least one error`);
  });

  void it('invalid: the error is the one the source expects', () => {
    const expectations: [string, string, string][] = [
      [
        'amazon-states-language-service/documentChoiceInvalidDefault.asl.json',
        'ASL201',
        '"DefaultStatexxxxxx"',
      ],
      [
        'amazon-states-language-service/documentFailCauseAndCausePathInvalid.asl.json',
        'ASL107',
        '"CausePath"',
      ],
      [
        'amazon-states-language-service/documentInvalidPropertiesRoot.asl.json',
        'ASL102',
        '"NewTopLevelField"',
      ],
      ['amazon-states-language-service/documentNoTerminalState.asl.json', 'ASL204', '"States"'],
      ['asl-validator/invalid-dupe-fields.asl.json', 'ASL307', '"conflict.$"'],
      ['asl-validator/invalid-map-ob-link.asl.json', 'ASL202', '"Final State"'],
      ['asl-validator/invalid-variable-result-path.asl.json', 'ASL303', '$foo'],
      ['localstack/services--invalid_integration_dynamodb_query.asl.json', 'ASL114', 'query'],
      ['localstack/validation--invalid_downgrade_query_language.asl.json', 'ASL404', '"JSONPath"'],
      ['localstack/scenarios--wait_timestamp_invalid-NO_Z.asl.json', 'ASL112', '"2016-12-05T21:29:29"'],
    ];
    for (const [name, code, at] of expectations) {
      const file = join(CORPUS, 'invalid', name);
      const text = readFileSync(file, 'utf8');
      const hits = check(file)
        .filter((d) => d.code === code)
        .map((d) => text.slice(d.offsets.start, d.offsets.end));
      assert.ok(hits.includes(at), `${name}: expected ${code} at ${at}, got ${JSON.stringify(hits)}`);
    }
  });

  void it('lenient, suspect and unparsed: never crash; counts reported', (t) => {
    for (const folder of ['lenient', 'suspect', 'unparsed']) {
      const files = definitionFiles(join(CORPUS, folder), /\.asl\.(json|ya?ml)(\.txt)?$/);
      let withErrors = 0;
      for (const file of files) {
        const diagnostics = check(file);
        assert.ok(!diagnostics.some((d) => d.code === 'ASL000'), `${file}: internal error`);
        if (errorsOf(diagnostics).length > 0) withErrors++;
      }
      assert.ok(files.length > 0, `${folder} has files`);
      t.diagnostic(`${folder}: ${withErrors}/${files.length} with errors`);
    }
  });
});

void describe(
  'conformance definitions (accepted and run by AWS)',
  { skip: skipWithoutShared(CONFORMANCE) },
  () => {
    void it('1057 definitions, none with an error', (t) => {
      const files = readdirSync(CONFORMANCE)
        .filter((category) => statSync(join(CONFORMANCE, category)).isDirectory())
        .flatMap((category) =>
          readdirSync(join(CONFORMANCE, category)).map((name) =>
            join(CONFORMANCE, category, name, 'definition.asl.json'),
          ),
        )
        .filter((file) => existsSync(file));
      assert.equal(files.length, 1057);
      const failing = files
        .filter((file) => errorsOf(check(file)).length > 0)
        .map((file) => relative(CONFORMANCE, file));
      assert.deepEqual(failing, []);
      t.diagnostic(`conformance: ${files.length}/${files.length} with no error`);
    });
  },
);
