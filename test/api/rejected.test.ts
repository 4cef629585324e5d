// The API refuses by the rule every other surface refuses by (test/rejected/: ARCHITECTURE 16): each
// machine there that AWS would reject is refused by CreateStateMachine (InvalidDefinition) and failed by
// ValidateStateMachineDefinition with exactly the error codes `stepthrough validate` reports, pinned in
// test/rejected/expected.json, each located by a JSON pointer. A YAML machine is not a definition to AWS.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, ValidateStateMachineDefinitionCommand } from '@aws-sdk/client-sfn';
import { definitionErrors } from '../../core';
import { refusal, ROLE, startHarness, type ApiHarness } from './harness';

const FOLDER = join(__dirname, '..', 'rejected');
const EXPECTED = JSON.parse(readFileSync(join(FOLDER, 'expected.json'), 'utf8')) as Record<string, string[]>;
const MACHINES = readdirSync(FOLDER).filter((name) => /\.asl\.(json|ya?ml)$/.test(name));

void describe('the API refuses what every surface refuses', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness();
  });
  after(() => api.close());

  void it('covers every machine test/rejected pins', () => {
    assert.deepEqual(MACHINES.sort(), Object.keys(EXPECTED).sort());
    assert.ok(MACHINES.some((name) => name.endsWith('.json')));
  });

  for (const name of MACHINES) {
    const text = readFileSync(join(FOLDER, name), 'utf8');
    const codes = (EXPECTED[name] ?? []).map((entry) => entry.split(' ')[1]);
    if (name.endsWith('.json')) {
      void it(`${name}: the codes validate reports, located, and no state machine created`, async () => {
        const result = await api.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: text }));
        assert.equal(result.result, 'FAIL');
        const diagnostics = result.diagnostics ?? [];
        assert.deepEqual(
          diagnostics.map((d) => [d.severity, d.code, /\((ASL\d+)\)$/.exec(d.message ?? '')?.[1]]),
          codes.map((code) => ['ERROR', 'SCHEMA_VALIDATION_FAILED', code]),
        );
        assert.deepEqual(
          diagnostics.map((d) => d.location),
          definitionErrors(text).map((d) => `/${d.path.join('/')}`),
        );
        const refused = await refusal(
          api.sfn.send(new CreateStateMachineCommand({ name: 'Rejected', definition: text, roleArn: ROLE })),
        );
        assert.equal(refused.name, 'InvalidDefinition');
        for (const code of codes)
          assert.ok(refused.message.includes(`(${code})`), `${code} in ${refused.message}`);
        assert.equal(api.server.backend.machines.size, 0);
      });
    } else {
      void it(`${name}: YAML is not JSON to AWS (INVALID_JSON_DESCRIPTION)`, async () => {
        const result = await api.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: text }));
        assert.equal(result.result, 'FAIL');
        assert.deepEqual(
          [...new Set((result.diagnostics ?? []).map((d) => d.code))],
          ['INVALID_JSON_DESCRIPTION'],
        );
        const refused = await refusal(
          api.sfn.send(new CreateStateMachineCommand({ name: 'Rejected', definition: text, roleArn: ROLE })),
        );
        assert.equal(refused.name, 'InvalidDefinition');
      });
    }
  }
});
