// The service model the API checks requests against: api/serviceModel.json is botocore's Step Functions
// model, compacted (regenerated and compared when a botocore is installed), and the checks word their
// refusals as AWS does.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { checkInput, declaredErrors, isAwsOperation, outputProblems } from './model';
import serviceModel from './serviceModel.json';
import { OPERATIONS } from './ops';

function refusal(operation: string, body: unknown): { type: string; message: string } {
  try {
    checkInput(operation, body);
  } catch (err) {
    const e = err as { type: string; message: string };
    return { type: e.type, message: e.message };
  }
  assert.fail('expected a refusal');
}

function botocoreModel(): { botocoreVersion: string } | undefined {
  try {
    const script = `import { buildApiModel, botocore, loadStepFunctionsModel } from './scripts/generate-api-model.mjs';
const found = botocore();
process.stdout.write(JSON.stringify(buildApiModel(loadStepFunctionsModel(found.dataDir), found.version)));`;
    return JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    );
  } catch {
    return undefined;
  }
}

void describe('the Step Functions service model', () => {
  void it('is botocore’s model, as scripts/generate-api-model.mjs writes it', (t) => {
    const fresh = botocoreModel();
    if (fresh === undefined)
      return t.skip('no python3 with botocore here to compare api/serviceModel.json with');
    assert.deepEqual(serviceModel, fresh, 'run node scripts/generate-api-model.mjs');
  });

  void it('serves every operation issue #16 lists, each one the model defines', () => {
    const listed = [
      'CreateStateMachine',
      'DescribeStateMachine',
      'UpdateStateMachine',
      'DeleteStateMachine',
      'ListStateMachines',
      'ValidateStateMachineDefinition',
      'StartExecution',
      'StartSyncExecution',
      'DescribeExecution',
      'DescribeStateMachineForExecution',
      'StopExecution',
      'ListExecutions',
      'GetExecutionHistory',
      'SendTaskSuccess',
      'SendTaskFailure',
      'SendTaskHeartbeat',
      'CreateActivity',
      'DeleteActivity',
      'ListActivities',
      'GetActivityTask',
      'TestState',
    ];
    for (const operation of listed) assert.ok(Object.hasOwn(OPERATIONS, operation), operation);
    for (const operation of Object.keys(OPERATIONS)) assert.ok(isAwsOperation(operation), operation);
  });

  void it('words refusals as AWS does: nulls, lengths, enums, bounds, several at once', () => {
    assert.deepEqual(refusal('StartExecution', {}), {
      type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    });
    assert.deepEqual(refusal('CreateActivity', { name: '' }), {
      type: 'ValidationException',
      message:
        "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    assert.match(
      refusal('CreateActivity', { name: 'n'.repeat(81) }).message,
      /Member must have length less than or equal to 80$/,
    );
    assert.equal(checkInput('CreateActivity', { name: 'n'.repeat(80) }).name, 'n'.repeat(80));
    // Lengths count code points, as AWS does: 80 emoji are 160 UTF-16 units.
    assert.equal(checkInput('CreateActivity', { name: '🙂'.repeat(80) }).name, '🙂'.repeat(80));
    assert.match(
      refusal('ListActivities', { maxResults: -1 }).message,
      /Member must have value greater than or equal to 0$/,
    );
    assert.equal(checkInput('ListActivities', { maxResults: 1000 }).maxResults, 1000);
    assert.match(refusal('ListActivities', { maxResults: 1001 }).message, /less than or equal to 1000$/);
    const several = refusal('CreateStateMachine', { name: 'x', definition: '', type: 'FAST' });
    assert.match(several.message, /^3 validation errors detected: /);
    assert.match(
      several.message,
      /Value at 'definition' failed to satisfy constraint: Member must have length greater than or equal to 1/,
    );
    assert.match(several.message, /Member must satisfy enum value set: \[STANDARD, EXPRESS\]/);
    assert.match(
      refusal('StartExecution', { stateMachineArn: 'a', traceHeader: 'é' }).message,
      /regular expression pattern/,
    );
    assert.match(
      refusal('TagResource', { resourceArn: 'a', tags: [{ key: '' }] }).message,
      /at 'tags.1.member.key'/,
    );
  });

  void it('refuses wrong JSON types with SerializationException and ignores members it does not know', () => {
    assert.deepEqual(refusal('ListActivities', { maxResults: '10' }), {
      type: 'SerializationException',
      message: 'maxResults must be an integer, not a string',
    });
    assert.equal(refusal('ListActivities', { maxResults: 1.5 }).type, 'SerializationException');
    assert.equal(refusal('CreateActivity', []).type, 'SerializationException');
    assert.deepEqual(checkInput('ListActivities', { somethingNew: true }), { somethingNew: true });
  });

  void it('checks responses: unknown members, missing required ones, wrong types', () => {
    assert.deepEqual(outputProblems('StartExecution', { executionArn: 'a', startDate: 1 }), []);
    assert.deepEqual(outputProblems('StartExecution', { executionArn: 'a', startDate: 1, extra: 1 }), [
      'unknown member extra',
    ]);
    assert.deepEqual(outputProblems('StartExecution', { executionArn: 'a' }), [
      "Value null at 'startDate' failed to satisfy constraint: Member must not be null",
    ]);
    assert.deepEqual(
      outputProblems('DescribeExecution', {
        executionArn: 'a',
        stateMachineArn: 'b',
        status: 'DONE',
        startDate: 1,
      }),
      [
        "Value 'DONE' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]",
      ],
    );
    assert.ok(declaredErrors('StartExecution').includes('ExecutionAlreadyExists'));
  });
});
