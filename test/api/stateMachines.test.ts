// `stepthrough api` through the AWS SDK for JavaScript: state machine operations (create, describe,
// update, versions, delete, list with paging, tags) and ValidateStateMachineDefinition, with AWS's
// refusals (InvalidName, InvalidArn, InvalidDefinition, StateMachineAlreadyExists,
// StateMachineDoesNotExist, MissingRequiredParameter). Every answer is checked against the model.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { definition, refusal, ROLE, startHarness, type ApiHarness } from './harness';

const PASS = definition({ Hello: { Type: 'Pass', Result: { hello: 'world' }, End: true } });

void describe('state machines through the AWS SDK', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness();
  });
  after(() => api.close());

  void it('creates, describes, updates and deletes a state machine', async () => {
    const created = await api.sfn.send(
      new CreateStateMachineCommand({
        name: 'Hello',
        definition: PASS,
        roleArn: ROLE,
        tags: [{ key: 'team', value: 'a' }],
      }),
    );
    assert.equal(created.stateMachineArn, 'arn:aws:states:us-east-1:123456789012:stateMachine:Hello');
    assert.ok(created.creationDate instanceof Date);
    const described = await api.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    assert.equal(described.name, 'Hello');
    assert.equal(described.definition, PASS);
    assert.equal(described.type, 'STANDARD');
    assert.equal(described.status, 'ACTIVE');
    assert.deepEqual(described.loggingConfiguration, { level: 'OFF', includeExecutionData: false });
    assert.equal(described.creationDate?.getTime(), created.creationDate?.getTime());

    const next = definition({ Hello: { Type: 'Pass', Result: 2, End: true } });
    const updated = await api.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: next }),
    );
    assert.match(updated.revisionId ?? '', /^[0-9a-f-]{36}$/);
    const after = await api.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    assert.equal(after.definition, next);
    assert.equal(after.revisionId, updated.revisionId);

    await api.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    const gone = await refusal(
      api.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })),
    );
    assert.deepEqual(gone, {
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${created.stateMachineArn}'`,
      status: 400,
    });
    // Deleting what does not exist is not an error (AWS declares none for it).
    await api.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
  });

  void it('is idempotent for the same definition and refuses the same name with another', async () => {
    const first = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Twice', definition: PASS, roleArn: ROLE }),
    );
    const again = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Twice', definition: PASS, roleArn: ROLE }),
    );
    assert.equal(again.stateMachineArn, first.stateMachineArn);
    assert.equal(again.creationDate?.getTime(), first.creationDate?.getTime());
    const other = definition({ Other: { Type: 'Succeed' } });
    const refused = await refusal(
      api.sfn.send(new CreateStateMachineCommand({ name: 'Twice', definition: other, roleArn: ROLE })),
    );
    assert.equal(refused.name, 'StateMachineAlreadyExists');
    assert.equal(refused.message, `State Machine Already Exists: '${first.stateMachineArn}'`);
  });

  void it('refuses an invalid definition with every error, located, as AWS words it', async () => {
    const bad = JSON.stringify({ StartAt: 'Nowhere', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    const refused = await refusal(
      api.sfn.send(new CreateStateMachineCommand({ name: 'Bad', definition: bad, roleArn: ROLE })),
    );
    assert.equal(refused.name, 'InvalidDefinition');
    assert.match(
      refused.message,
      /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: .*Nowhere.* at \/StartAt/,
    );
    assert.match(refused.message, /SCHEMA_VALIDATION_FAILED: .*Missing.* at \/States\/A\/Next/);
    const notJson = await refusal(
      api.sfn.send(
        new CreateStateMachineCommand({ name: 'Yaml', definition: 'StartAt: A\nStates: {}', roleArn: ROLE }),
      ),
    );
    assert.equal(notJson.name, 'InvalidDefinition');
    assert.match(notJson.message, /INVALID_JSON_DESCRIPTION/);
    // An EXPRESS machine cannot wait for a task token (AWS's Express workflows rule).
    const callback = definition({
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
        End: true,
      },
    });
    const express = await refusal(
      api.sfn.send(
        new CreateStateMachineCommand({ name: 'Fast', definition: callback, roleArn: ROLE, type: 'EXPRESS' }),
      ),
    );
    assert.equal(express.name, 'InvalidDefinition');
    assert.match(express.message, /'\.waitForTaskToken'.* at \/States\/Ask\/Resource/);
    await api.sfn.send(new CreateStateMachineCommand({ name: 'Slow', definition: callback, roleArn: ROLE }));
  });

  void it('refuses bad names, role ARNs and state machine ARNs', async () => {
    for (const name of ['has space', 'a/b', 'x'.repeat(81), 'semi;colon', 'tab\there', 'ctl\u0085']) {
      const refused = await refusal(
        api.sfn.send(new CreateStateMachineCommand({ name, definition: PASS, roleArn: ROLE })),
      );
      assert.equal(refused.name, name.length > 80 ? 'ValidationException' : 'InvalidName', name);
    }
    const role = await refusal(
      api.sfn.send(new CreateStateMachineCommand({ name: 'R', definition: PASS, roleArn: 'not-a-role' })),
    );
    assert.equal(role.name, 'InvalidArn');
    for (const arn of [
      'nope',
      'arn:aws:states:us-east-1:123456789012:activity:A',
      'arn:aws:sqs:us-east-1:123456789012:stateMachine:A',
    ]) {
      const refused = await refusal(api.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
      assert.equal(refused.name, 'InvalidArn', arn);
      assert.match(refused.message, /^Invalid Arn: '/);
    }
    const missing = await refusal(
      api.sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope',
          definition: PASS,
        }),
      ),
    );
    assert.equal(missing.name, 'StateMachineDoesNotExist');
    await api.sfn.send(new CreateStateMachineCommand({ name: 'Unchanged', definition: PASS, roleArn: ROLE }));
    const nothing = await refusal(
      api.sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Unchanged',
        }),
      ),
    );
    assert.equal(nothing.name, 'MissingRequiredParameter');
  });

  void it('publishes versions; an execution started through a version runs that version', async () => {
    const v1 = definition({ Which: { Type: 'Pass', Result: 'v1', End: true } });
    const v2 = definition({ Which: { Type: 'Pass', Result: 'v2', End: true } });
    const created = await api.sfn.send(
      new CreateStateMachineCommand({
        name: 'Versioned',
        definition: v1,
        roleArn: ROLE,
        publish: true,
        versionDescription: 'first',
      }),
    );
    assert.equal(created.stateMachineVersionArn, `${created.stateMachineArn}:1`);
    const updated = await api.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn,
        definition: v2,
        publish: true,
      }),
    );
    assert.equal(updated.stateMachineVersionArn, `${created.stateMachineArn}:2`);
    const version1 = await api.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineVersionArn }),
    );
    assert.equal(version1.definition, v1);
    assert.equal(version1.description, 'first');
    const started = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn: created.stateMachineVersionArn }),
    );
    const run = await api.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    assert.equal(run.output, '"v1"');
    assert.equal(run.stateMachineVersionArn, created.stateMachineVersionArn);
    const ran = await api.sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }),
    );
    assert.equal(ran.definition, v1);
    const noVersion = await refusal(
      api.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${created.stateMachineArn}:9` })),
    );
    assert.equal(noVersion.name, 'StateMachineDoesNotExist');
    const description = await refusal(
      api.sfn.send(
        new CreateStateMachineCommand({ name: 'D', definition: v1, roleArn: ROLE, versionDescription: 'x' }),
      ),
    );
    assert.deepEqual(
      [description.name, description.message],
      ['ValidationException', 'Version description can only be set when publish is true'],
    );
  });

  void it('lists state machines by name, a page at a time', async () => {
    const fresh = await startHarness();
    try {
      for (const name of ['c', 'a', 'e', 'b', 'd']) {
        await fresh.sfn.send(new CreateStateMachineCommand({ name, definition: PASS, roleArn: ROLE }));
      }
      const names: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await fresh.sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
        assert.ok((page.stateMachines ?? []).length <= 2);
        names.push(...(page.stateMachines ?? []).map((m) => m.name ?? ''));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);
      assert.deepEqual(names, ['a', 'b', 'c', 'd', 'e']);
      assert.equal(pages, 3);
      const bad = await refusal(fresh.sfn.send(new ListStateMachinesCommand({ nextToken: 'garbage' })));
      assert.deepEqual([bad.name, bad.message], ['InvalidToken', "Invalid Token: 'Invalid token'"]);
      const tooMany = await refusal(fresh.sfn.send(new ListStateMachinesCommand({ maxResults: 1001 })));
      assert.equal(tooMany.name, 'ValidationException');
      assert.equal(
        tooMany.message,
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
      );
    } finally {
      await fresh.close();
    }
  });

  void it('tags state machines', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({
        name: 'Tagged',
        definition: PASS,
        roleArn: ROLE,
        tags: [{ key: 'a', value: '1' }],
      }),
    );
    await api.sfn.send(
      new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'b', value: '2' }] }),
    );
    await api.sfn.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['a'] }));
    const { tags } = await api.sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    assert.deepEqual(tags, [{ key: 'b', value: '2' }]);
    const missing = await refusal(
      api.sfn.send(
        new ListTagsForResourceCommand({
          resourceArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope',
        }),
      ),
    );
    assert.equal(missing.name, 'ResourceNotFound');
  });
});

void describe('ValidateStateMachineDefinition through the AWS SDK', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness();
  });
  after(() => api.close());

  void it('answers OK for a valid definition and FAIL with located diagnostics for an invalid one', async () => {
    const ok = await api.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: PASS }));
    assert.equal(ok.result, 'OK');
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.truncated, false);
    const bad = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Task', Next: 'B' }, B: { Type: 'Wait', End: true } },
    });
    const fail = await api.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad }));
    assert.equal(fail.result, 'FAIL');
    const diagnostics = fail.diagnostics ?? [];
    assert.ok(diagnostics.length >= 2, JSON.stringify(diagnostics));
    assert.ok(diagnostics.every((d) => d.severity === 'ERROR' && d.code === 'SCHEMA_VALIDATION_FAILED'));
    assert.ok(
      diagnostics.some((d) => d.location?.startsWith('/States/A')),
      JSON.stringify(diagnostics),
    );
    assert.ok(
      diagnostics.some((d) => d.location?.startsWith('/States/B')),
      JSON.stringify(diagnostics),
    );
    const one = await api.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: bad, maxResults: 1 }),
    );
    assert.equal(one.diagnostics?.length, 1);
    assert.equal(one.truncated, true);
    const garbage = await api.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt": ' }),
    );
    assert.equal(garbage.result, 'FAIL');
    assert.equal(garbage.diagnostics?.[0]?.code, 'INVALID_JSON_DESCRIPTION');
  });

  void it('reports warnings only when asked for them (severity WARNING)', async () => {
    // A variable read that no Assign sets is a warning in Stepthrough's validator (ASL502).
    const unassigned = definition({ A: { Type: 'Pass', Parameters: { 'x.$': '$nowhere' }, End: true } });
    const errorsOnly = await api.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: unassigned }),
    );
    assert.deepEqual([errorsOnly.result, errorsOnly.diagnostics], ['OK', []]);
    const withWarnings = await api.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: unassigned, severity: 'WARNING' }),
    );
    assert.equal(withWarnings.result, 'OK');
    const warning = (withWarnings.diagnostics ?? [])[0];
    assert.deepEqual(
      [warning?.severity, warning?.code, warning?.location],
      ['WARNING', 'SCHEMA_VALIDATION_FAILED', '/States/A/Parameters/x.$'],
    );
    assert.match(warning?.message ?? '', /\(ASL502\)$/);
  });

  void it('refuses a Resource that is not an ARN, as AWS does (an editor only warns: a deployment tool may fill it in)', async () => {
    const notArn = definition({ A: { Type: 'Task', Resource: 'my-function', End: true } });
    const result = await api.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: notArn }));
    assert.equal(result.result, 'FAIL');
    assert.deepEqual(
      (result.diagnostics ?? []).map((d) => [d.severity, d.location]),
      [['ERROR', '/States/A/Resource']],
    );
  });
});
