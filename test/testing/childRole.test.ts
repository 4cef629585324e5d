// A nested execution's Tasks are checked against its own machine's execution role, never its parent's.
// Evidence: every state machine runs with the role it was created with (CreateStateMachine's roleArn, AWS
// API reference), and the policy AWS documents for a parent that runs a nested workflow ("IAM policies
// for nested AWS Step Functions calls", docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html)
// grants only states:StartExecution on the child (with .sync: DescribeExecution/StopExecution on its
// executions and the StepFunctionsGetEventsForStepFunctionsExecutionRule rule): nothing the child's own
// Tasks call. A child whose role its template spells out is checked against that role; a `machines:`
// file has no role and is not checked.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestFiles } from '../../core/testing';
import { nodeFileAccess, testFileIO } from '../../host';

const io = testFileIO(nodeFileAccess());

/** A template: Parent starts Child (.sync:2); Child writes to Table. `childPolicies`: Child's Policies. */
function template(childPolicies: string): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  Parent:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: RunChild
        States:
          RunChild:
            Type: Task
            Resource: arn:aws:states:::states:startExecution.sync:2
            Parameters: { StateMachineArn: !Ref Child }
            End: true
      Policies:
        - StepFunctionsExecutionPolicy: { StateMachineName: !GetAtt Child.Name }
        - DynamoDBWritePolicy: { TableName: !Ref Table }
        - Statement:
            - Effect: Allow
              Action: [states:DescribeExecution, states:StopExecution, events:PutTargets, events:PutRule, events:DescribeRule]
              Resource: '*'
  Child:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: child
      Definition:
        StartAt: Write
        States:
          Write:
            Type: Task
            Resource: arn:aws:states:::dynamodb:putItem
            Parameters: { TableName: !Ref Table, Item: { id: { S: '1' } } }
            End: true
${childPolicies}`;
}

async function childRun(childPolicies: string): Promise<{ status: string; error?: string; cause?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stepthrough-child-role-'));
  writeFileSync(join(dir, 'template.yaml'), template(childPolicies));
  writeFileSync(
    join(dir, 't.sfn-test.yaml'),
    'stateMachine: ./template.yaml#Parent\nmocks: { Write: { return: {} } }\ncases:\n  - name: run\n',
  );
  const suite = await runTestFiles([join(dir, 't.sfn-test.yaml')], io);
  const execution = suite.files[0]?.cases[0]?.execution;
  assert.ok(execution, JSON.stringify(suite.files[0]));
  return execution;
}

describe("a nested execution's Tasks and the execution role", () => {
  it("are allowed by the child's own role", async () => {
    const run = await childRun('      Policies:\n        - DynamoDBWritePolicy: { TableName: !Ref Table }\n');
    assert.equal(run.status, 'SUCCEEDED', run.cause);
  });

  it("are denied when the child's role lacks the permission, though the parent's has it", async () => {
    const run = await childRun('      Policies:\n        - SQSSendMessagePolicy: { QueueName: other }\n');
    assert.equal(run.status, 'FAILED');
    assert.equal(run.error, 'States.TaskFailed'); // the parent's Task: the child failed
    const described = JSON.parse(run.cause ?? '{}') as { Error?: string; Cause?: string };
    assert.match(described.Cause ?? '', /not authorized to perform: dynamodb:PutItem/);
  });
});
