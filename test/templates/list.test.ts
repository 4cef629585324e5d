// `stepthrough list` end to end through the CLI's entry point, on the example SAM app and on bad
// templates; and the example's template role, checked against its definition by core/iam.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../cli/main';
import { nodeFileAccess, templateFileSystem } from '../../host';
import { findRoleGaps, type JsonObject } from '../../core';
import { loadStateMachines } from '../../core/templates';

const EXAMPLE = resolve(__dirname, '../../examples/sam-orders');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write =
    (target: 'out' | 'err') =>
    (chunk: string | Uint8Array): boolean => {
      if (target === 'out') out += String(chunk);
      else err += String(chunk);
      return true;
    };
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = write('out') as typeof process.stdout.write;
  process.stderr.write = write('err') as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

void describe('stepthrough list', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-list-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  void it('prints the example SAM app’s machine as JSON with the fields of corpus-iac’s expected.json', async () => {
    const { code, out } = await run(['list', EXAMPLE, '--json']);
    assert.equal(code, 0);
    const [machine, ...rest] = JSON.parse(out) as Record<string, unknown>[];
    assert.equal(rest.length, 0);
    assert.deepEqual(
      {
        format: machine?.format,
        file: machine?.file,
        id: machine?.id,
        name: machine?.name,
        startAt: machine?.startAt,
        states: machine?.states,
        placeholders: machine?.placeholders,
        resolved: machine?.resolved,
      },
      {
        format: 'sam',
        file: join(EXAMPLE, 'template.yaml'),
        id: 'OrderFlow',
        name: 'order-flow',
        startAt: 'ValidateOrder',
        states: ['ChargeCard', 'IsValid', 'RecordOrder', 'Rejected', 'ValidateOrder'],
        placeholders: ['ChargeCardFunctionArn', 'OrdersTableName', 'ValidateOrderFunctionArn'],
        resolved: true,
      },
    );
  });

  void it('exits 2 with a located message for a bad template', async () => {
    const file = join(scratch, 'bad.yaml');
    writeFileSync(
      file,
      'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub\n        - "${Nope}"\n        - {}\n      RoleArn: !GetAtt [Role, Arn]\n',
    );
    const { code, err } = await run(['list', file]);
    assert.equal(code, 2);
    assert.match(err, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+ TPL202 error`));
    const empty = join(scratch, 'empty.yaml');
    writeFileSync(empty, 'Resources: {}\n');
    const none = await run(['list', empty]);
    assert.equal(none.code, 2);
    assert.match(none.err, /TPL101/);
  });

  void it("the example's role from its SAM policy templates grants every Task the definition runs", async () => {
    const result = await loadStateMachines(join(EXAMPLE, 'template.yaml#OrderFlow'), {
      fileSystem: templateFileSystem(nodeFileAccess()),
    });
    const machine = result.machines[0];
    assert.ok(machine?.role);
    assert.equal(machine.role.statements.length, 3);
    assert.deepEqual(findRoleGaps(machine.definition as JsonObject, machine.role.statements), []);
    // Without the DynamoDB grant the write is a gap: the role is really checked.
    const withoutDynamo = machine.role.statements.filter(
      (s) => !s.actions?.some((a) => a.startsWith('dynamodb:')),
    );
    assert.deepEqual(
      findRoleGaps(machine.definition as JsonObject, withoutDynamo).map((g) => g.state),
      ['RecordOrder'],
    );
  });
});
