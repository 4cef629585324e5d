// Every folder of ../shared/corpus-iac (real SAM, CloudFormation, CDK, serverless.yml and Terraform
// templates): each machine of its expected.json is found by loadStateMachines with the right format,
// name, start state, top-level and nested state names, query language, placeholders and
// resolvability; its resolved definition has no error from core's validator and no error from
// loading; and nothing more is found. A machine that does not pass is listed with its reason in
// corpus-iac-known-gaps.json; a listed machine that passes fails the suite, so the list stays true.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { nodeFileAccess, templateFileSystem } from '../../host';
import { loadStateMachines, summarizeMachine, type TemplateMachine } from '../../core/templates';
import { validate } from '../../core/validate';
import { SHARED_ROOT, sharedFolderPresent } from '../shared';

const ROOT = join(SHARED_ROOT, 'corpus-iac');
const FORMATS = ['sam', 'cloudformation', 'cdk', 'serverless', 'terraform'];
const GAPS = JSON.parse(readFileSync(join(__dirname, 'corpus-iac-known-gaps.json'), 'utf8')) as Record<
  string,
  string
>;

interface Expected {
  format: string;
  template: string;
  id: string;
  name: string | null;
  startAt: string;
  states: string[];
  allStates: string[];
  queryLanguage: string;
  placeholders: string[];
  substitutionsResolvable: boolean;
}

const COMPARED = [
  'format',
  'name',
  'startAt',
  'states',
  'allStates',
  'queryLanguage',
  'placeholders',
  'substitutionsResolvable',
] as const;

/** What differs between a found machine and its expectation (empty when it passes). */
function differences(machine: TemplateMachine | undefined, expected: Expected): string[] {
  if (!machine) return ['not found'];
  const summary = summarizeMachine(machine);
  const out: string[] = [];
  for (const key of COMPARED) {
    const got = JSON.stringify(summary[key]);
    const want = JSON.stringify(expected[key]);
    if (got !== want) out.push(`${key}: got ${got}, expected ${want}`);
  }
  if (!machine.definitionText) out.push('no resolved definition');
  else
    for (const d of validate(machine.definitionText, { format: 'json', force: true }))
      if (d.severity === 'error') out.push(`validator: ${d.code} ${d.message}`);
  for (const d of machine.diagnostics)
    if (d.severity === 'error') out.push(`loading: ${d.code} ${d.message}`);
  // The five folders whose placeholders have no binding: the literal stays, with a located warning.
  if (
    !expected.substitutionsResolvable &&
    !machine.diagnostics.some((d) => d.code === 'TPL204' && d.location)
  )
    out.push('an unbound placeholder without its located TPL204 warning');
  return out;
}

if (sharedFolderPresent('corpus-iac', 'README.md', 'the corpus-iac templates')) {
  const outcomes = new Map<string, { format: string; resolved: boolean }>();
  for (const format of FORMATS) {
    describe(`corpus-iac: ${format}`, () => {
      for (const folder of readdirSync(join(ROOT, format)).sort()) {
        const dir = join(ROOT, format, folder);
        test(folder, async () => {
          const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];
          const result = await loadStateMachines(dir, { fileSystem: templateFileSystem(nodeFileAccess()) });
          const failures: string[] = [];
          for (const want of expected) {
            const key = `${format}/${folder}#${want.id}`;
            const machine = result.machines.find(
              (m) => m.id === want.id && m.file === join(dir, want.template),
            );
            const diffs = differences(machine, want);
            outcomes.set(key, { format: want.format, resolved: diffs.length === 0 });
            const gap = GAPS[key];
            if (gap !== undefined)
              assert.notEqual(
                diffs.length,
                0,
                `${key} is listed in corpus-iac-known-gaps.json (${gap}) but now passes: remove it`,
              );
            else if (diffs.length > 0) failures.push(`${want.id}:\n    ${diffs.join('\n    ')}`);
          }
          const extra = result.machines.filter(
            (m) => !expected.some((e) => e.id === m.id && m.file === join(dir, e.template)),
          );
          assert.deepEqual(
            extra.map((m) => `${m.id} in ${m.file}`),
            [],
            'machines found that expected.json does not list',
          );
          assert.deepEqual(
            result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`),
            [],
            'errors loading the folder',
          );
          assert.deepEqual(failures, []);
        });
      }
    });
  }

  test('corpus-iac: every known gap names a machine of the corpus and a reason', () => {
    for (const [key, reason] of Object.entries(GAPS)) {
      assert.ok(
        outcomes.has(key),
        `corpus-iac-known-gaps.json lists '${key}', which is not an expected machine`,
      );
      assert.ok(reason.length > 20, `'${key}' needs a reason`);
    }
    const byFormat = new Map<string, { found: number; resolved: number }>();
    for (const { format, resolved } of outcomes.values()) {
      const entry = byFormat.get(format) ?? { found: 0, resolved: 0 };
      entry.found++;
      if (resolved) entry.resolved++;
      byFormat.set(format, entry);
    }
    console.log(
      `corpus-iac: ${[...byFormat].map(([format, e]) => `${format} ${e.resolved}/${e.found}`).join(', ')} machines pass`,
    );
    assert.ok(outcomes.size >= 134, `only ${outcomes.size} machines were checked`);
  });
}
