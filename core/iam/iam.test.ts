// Tests of IAM: reading role files, policy decisions (allow, implicit and explicit deny, wildcards,
// NotAction/NotResource, Deny wins), the permissions each integration needs, the run-time
// authorizer's AWS-style errors, and the static list of missing grants.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject, JsonValue } from '../json';
import {
  createTaskAuthorizer,
  evaluateAccess,
  findRoleGaps,
  readRolePolicies,
  requiredPermissions,
  wildcardMatch,
  type PolicyStatement,
} from './index';

/** Statements of policy documents written as literals (typed loosely, as JSON). */
function statements(...docs: unknown[]): PolicyStatement[] {
  const { policies, problems } = readRolePolicies((docs.length === 1 ? docs[0] : docs) as JsonValue);
  assert.deepEqual(problems, []);
  return policies.statements;
}

function decide(policy: unknown, action: string, resource: string | undefined): string {
  return evaluateAccess(statements(policy), { action, resource }).decision;
}

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:reserve-stock';

void describe('readRolePolicies', () => {
  void it('reads a document, a list, {PolicyDocument}, {Policies} with RoleArn, and a CloudFormation role', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    };
    assert.equal(readRolePolicies(doc).policies.statements.length, 1);
    assert.equal(readRolePolicies([doc, doc]).policies.statements.length, 2);
    assert.equal(readRolePolicies({ PolicyDocument: doc }).policies.statements.length, 1);
    const role = readRolePolicies({
      RoleArn: 'arn:aws:iam::1:role/r',
      Policies: [{ PolicyName: 'p', PolicyDocument: doc }],
    });
    assert.equal(role.policies.roleArn, 'arn:aws:iam::1:role/r');
    assert.equal(role.policies.statements[0]?.origin, 'Policies[0].PolicyDocument.Statement');
    const cfn = readRolePolicies({
      Type: 'AWS::IAM::Role',
      Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: doc }] },
    });
    assert.equal(cfn.policies.statements.length, 1);
    assert.equal(readRolePolicies({ PolicyDocument: JSON.stringify(doc) }).policies.statements.length, 1);
  });

  void it('reports malformed statements with their path and leaves them out', () => {
    const { policies, problems } = readRolePolicies({
      Statement: [
        { Effect: 'Permit', Action: 'a:b', Resource: '*' },
        { Effect: 'Allow', Action: 'a:b', NotAction: 'c:d', Resource: '*' },
        { Effect: 'Allow', Resource: '*' },
        { Effect: 'Allow', Action: ['a:b', 3], Resource: '*', Extra: 1 },
        { Effect: 'Allow', Action: 'ok:Fine', Resource: '*' },
      ],
    });
    assert.deepEqual(
      problems.map((p) => [p.message, p.path.join('.')]),
      [
        ['Effect must be "Allow" or "Deny"', 'Statement.0.Effect'],
        ['a statement has either Action or NotAction, not both', 'Statement.1'],
        ['a statement needs Action (or NotAction)', 'Statement.2'],
        ['unknown statement field "Extra"', 'Statement.3.Extra'],
        ['Action must be a non-empty string or a list of them', 'Statement.3.Action.1'],
      ],
    );
    assert.deepEqual(
      policies.statements.map((s) => s.actions),
      [['ok:Fine']],
    );
    assert.match(readRolePolicies({ Foo: 1 }).problems[0]?.message ?? '', /expected an IAM policy document/);
  });
});

void describe('evaluateAccess', () => {
  const allowFn = { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FN }] };

  void it('allows a listed action on a listed resource and implicitly denies anything else', () => {
    assert.equal(decide(allowFn, 'lambda:InvokeFunction', FN), 'allow');
    assert.equal(decide(allowFn, 'lambda:InvokeFunction', `${FN}:prod`), 'implicitDeny');
    assert.equal(decide(allowFn, 'lambda:GetFunction', FN), 'implicitDeny');
    assert.equal(decide({ Statement: [] }, 'lambda:InvokeFunction', FN), 'implicitDeny');
  });

  void it('matches actions case-insensitively and resources case-sensitively', () => {
    assert.equal(decide(allowFn, 'LAMBDA:invokefunction', FN), 'allow');
    assert.equal(decide(allowFn, 'lambda:InvokeFunction', FN.toUpperCase()), 'implicitDeny');
  });

  void it('expands * across ":" and "/" and ? to one character', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'lambda:Invoke*',
          Resource: 'arn:aws:lambda:*:123456789012:function:reserve-*',
        },
        { Effect: 'Allow', Action: 'dynamodb:?etItem', Resource: 'arn:aws:dynamodb:us-east-1:1:table/*' },
      ],
    };
    assert.equal(decide(policy, 'lambda:InvokeFunction', FN), 'allow');
    assert.equal(decide(policy, 'lambda:InvokeFunction', `${FN}:live`), 'allow');
    assert.equal(
      decide(policy, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:1:table/orders/index/byDate'),
      'allow',
    );
    assert.equal(
      decide(policy, 'dynamodb:PutItem', 'arn:aws:dynamodb:us-east-1:1:table/orders'),
      'implicitDeny',
    );
    assert.equal(wildcardMatch('a?c', 'abc', false), true);
    assert.equal(wildcardMatch('a?c', 'abbc', false), false);
    assert.equal(wildcardMatch('arn:aws:s3:::b.x/*', 'arn:aws:s3:::bXx/k', false), false);
  });

  void it('lets an explicit Deny win over any Allow, whatever the order', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Sid: 'NoAdmin',
          Effect: 'Deny',
          Action: 'lambda:*',
          Resource: 'arn:aws:lambda:*:*:function:admin-*',
        },
      ],
    };
    assert.equal(decide(policy, 'lambda:InvokeFunction', FN), 'allow');
    const denied = evaluateAccess(statements(policy), {
      action: 'lambda:InvokeFunction',
      resource: 'arn:aws:lambda:us-east-1:1:function:admin-reset',
    });
    assert.equal(denied.decision, 'explicitDeny');
    assert.equal(denied.statement?.sid, 'NoAdmin');
  });

  void it('reads NotAction and NotResource as "everything except"', () => {
    const notAction = { Statement: [{ Effect: 'Allow', NotAction: ['sns:*', 'iam:*'], Resource: '*' }] };
    assert.equal(decide(notAction, 'lambda:InvokeFunction', FN), 'allow');
    assert.equal(decide(notAction, 'sns:Publish', 'arn:aws:sns:us-east-1:1:t'), 'implicitDeny');
    const notResource = {
      Statement: [
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
        { Effect: 'Deny', Action: 'sqs:*', NotResource: 'arn:aws:sqs:us-east-1:1:orders-*' },
      ],
    };
    assert.equal(decide(notResource, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:1:orders-eu'), 'allow');
    assert.equal(decide(notResource, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:1:payments'), 'explicitDeny');
  });

  void it('gives unknown (run-time) resources the benefit of the doubt, and never guesses a Deny', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:us-east-1:1:function:x',
        },
        {
          Effect: 'Deny',
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:us-east-1:1:function:y',
        },
      ],
    };
    assert.equal(decide(policy, 'lambda:InvokeFunction', undefined), 'allow');
    assert.equal(decide(policy, 'sqs:SendMessage', undefined), 'implicitDeny');
  });

  void it('treats conditions in the request’s favour: Allow applies, Deny does not', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sns:Publish',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
        {
          Effect: 'Deny',
          Action: 'sns:Publish',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
    };
    assert.equal(decide(policy, 'sns:Publish', 'arn:aws:sns:us-east-1:1:t'), 'allow');
  });
});

void describe('requiredPermissions', () => {
  const needs = (resource: string, parameters: JsonValue): string[] =>
    requiredPermissions(resource, parameters).map(
      (p) => `${p.action} ${p.resource ?? '?'}${p.atRunTime ? '' : ' (sync)'}`,
    );

  void it('maps optimized integrations to their IAM actions and ARNs', () => {
    assert.deepEqual(needs('arn:aws:states:::lambda:invoke', { FunctionName: 'reserve-stock:live' }), [
      'lambda:InvokeFunction arn:aws:lambda:us-east-1:123456789012:function:reserve-stock:live',
    ]);
    assert.deepEqual(needs(FN, {}), [`lambda:InvokeFunction ${FN}`]);
    assert.deepEqual(needs('arn:aws:states:::dynamodb:putItem', { TableName: 'orders' }), [
      'dynamodb:PutItem arn:aws:dynamodb:us-east-1:123456789012:table/orders',
    ]);
    assert.deepEqual(
      needs('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
        QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/jobs',
      }),
      ['sqs:SendMessage arn:aws:sqs:eu-west-1:111122223333:jobs'],
    );
    assert.deepEqual(needs('arn:aws:states:::sns:publish', { TopicArn: 'arn:aws:sns:us-east-1:1:t' }), [
      'sns:Publish arn:aws:sns:us-east-1:1:t',
    ]);
    assert.deepEqual(
      needs('arn:aws:states:::events:putEvents', { Entries: [{ Detail: {} }, { EventBusName: 'orders' }] }),
      [
        'events:PutEvents arn:aws:events:us-east-1:123456789012:event-bus/default',
        'events:PutEvents arn:aws:events:us-east-1:123456789012:event-bus/orders',
      ],
    );
    assert.deepEqual(needs('arn:aws:states:::glue:startJobRun', { JobName: 'etl' }), [
      'glue:StartJobRun arn:aws:glue:us-east-1:123456789012:job/etl',
    ]);
    assert.deepEqual(needs('arn:aws:states:::batch:submitJob', { JobDefinition: 'def:3', JobQueue: 'q' }), [
      'batch:SubmitJob arn:aws:batch:us-east-1:123456789012:job-definition/def:3',
      'batch:SubmitJob arn:aws:batch:us-east-1:123456789012:job-queue/q',
    ]);
  });

  void it('adds what .sync needs to watch the job, checked statically only', () => {
    const sfn = needs('arn:aws:states:::states:startExecution.sync:2', {
      StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child',
    });
    assert.deepEqual(sfn.slice(0, 3), [
      'states:StartExecution arn:aws:states:us-east-1:123456789012:stateMachine:child',
      'states:DescribeExecution arn:aws:states:us-east-1:123456789012:execution:child:* (sync)',
      'states:StopExecution arn:aws:states:us-east-1:123456789012:execution:child:* (sync)',
    ]);
    assert.ok(
      sfn.includes(
        'events:PutRule arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule (sync)',
      ),
    );
    const ecs = needs('arn:aws:states:::ecs:runTask.sync', { TaskDefinition: 'web:7' });
    assert.equal(ecs[0], 'ecs:RunTask arn:aws:ecs:us-east-1:123456789012:task-definition/web:7');
    assert.ok(ecs.includes('ecs:DescribeTasks * (sync)'));
  });

  void it('maps aws-sdk integrations to service:Action, with known resources', () => {
    assert.deepEqual(needs('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'b', Key: 'k.json' }), [
      's3:GetObject arn:aws:s3:::b/k.json',
    ]);
    assert.deepEqual(needs('arn:aws:states:::aws-sdk:s3:listObjectsV2', { Bucket: 'b' }), [
      's3:ListBucket arn:aws:s3:::b',
    ]);
    assert.deepEqual(needs('arn:aws:states:::aws-sdk:sfn:describeExecution', {}), [
      'states:DescribeExecution ?',
    ]);
    assert.deepEqual(needs('arn:aws:states:::aws-sdk:ec2:describeInstances', {}), [
      'ec2:DescribeInstances ?',
    ]);
  });

  void it('leaves the resource to run time for paths, JSONata and placeholders', () => {
    assert.deepEqual(needs('arn:aws:states:::lambda:invoke', { 'FunctionName.$': '$.fn' }), [
      'lambda:InvokeFunction ?',
    ]);
    assert.deepEqual(needs('arn:aws:states:::lambda:invoke', { FunctionName: '{% $fn %}' }), [
      'lambda:InvokeFunction ?',
    ]);
    assert.deepEqual(needs('arn:aws:states:::lambda:invoke', { FunctionName: '${OrderFn}' }), [
      'lambda:InvokeFunction ?',
    ]);
    assert.deepEqual(needs('arn:aws:states:us-east-1:1:activity:approve', {}), []);
  });
});

void describe('createTaskAuthorizer', () => {
  const role = statements({
    Statement: [
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FN },
      { Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' },
    ],
  });
  const authorize = createTaskAuthorizer(role, {
    roleArn: 'arn:aws:iam::123456789012:role/service/order-role',
  });

  void it('lets allowed calls through', () => {
    const request = {
      stateName: 'T',
      resource: 'arn:aws:states:::lambda:invoke',
      parameters: { FunctionName: FN },
    };
    assert.equal(authorize(request), undefined);
  });

  void it('fails a call no policy allows as the Lambda integration does', () => {
    const denied = authorize({
      stateName: 'T',
      resource: 'arn:aws:states:::lambda:invoke',
      parameters: { FunctionName: 'charge-card' },
    });
    assert.equal(denied?.error, 'Lambda.AWSLambdaException');
    assert.match(
      denied?.cause ?? '',
      /^User: arn:aws:sts::123456789012:assumed-role\/order-role\/[A-Za-z]{32} is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:charge-card because no identity-based policy allows the lambda:InvokeFunction action \(Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
  });

  void it('names an explicit deny, with the service’s own error name', () => {
    const denied = authorize({
      stateName: 'D',
      resource: 'arn:aws:states:::dynamodb:getItem',
      parameters: { TableName: 'orders' },
    });
    assert.equal(denied?.error, 'DynamoDB.AmazonDynamoDBException');
    assert.match(
      denied?.cause ?? '',
      /dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table\/orders with an explicit deny in an identity-based policy \(Service: AmazonDynamoDBv2; Status Code: 400;/,
    );
    const sns = authorize({
      stateName: 'N',
      resource: 'arn:aws:states:::sns:publish',
      parameters: { TopicArn: 'arn:aws:sns:us-east-1:1:t' },
    });
    assert.equal(sns?.error, 'SNS.AuthorizationErrorException');
    assert.match(
      sns?.cause ?? '',
      /not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:1:t because no identity-based policy allows the SNS:Publish action \(Service: AmazonSNS; Status Code: 403; Error Code: AuthorizationError;/,
    );
    const sdk = authorize({
      stateName: 'S',
      resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      parameters: { Bucket: 'b', Key: 'k' },
    });
    assert.equal(sdk?.error, 'S3.AccessDeniedException');
    assert.match(sdk?.cause ?? '', /\(Service: S3, Status Code: 403, Request ID: /);
  });
});

void describe('findRoleGaps', () => {
  const machine: JsonObject = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Invoke',
            States: {
              Invoke: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: FN },
                End: true,
              },
            },
          },
          {
            StartAt: 'Put',
            States: {
              Put: {
                Type: 'Task',
                Resource: 'arn:aws:states:::dynamodb:putItem',
                Parameters: { TableName: 'orders', Item: {} },
                End: true,
              },
            },
          },
        ],
        Next: 'Dynamic',
      },
      Dynamic: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { 'FunctionName.$': '$.fn' },
        End: true,
      },
    },
  };

  void it('lists each permission the role does not grant, with its state, nested ones included', () => {
    const role = statements({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:*',
        },
        { Sid: 'ReadOnlyTables', Effect: 'Deny', Action: 'dynamodb:PutItem', Resource: '*' },
      ],
    });
    const gaps = findRoleGaps(machine, role);
    assert.deepEqual(
      gaps.map((g) => [g.state, g.action, g.resource, g.decision, g.deniedBy]),
      [
        [
          'Put',
          'dynamodb:PutItem',
          'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
          'explicitDeny',
          'ReadOnlyTables',
        ],
      ],
    );
    assert.deepEqual(gaps[0]?.statePath, ['States', 'P', 'Branches', 1, 'States', 'Put']);
  });

  void it('reports an action no statement grants even for a run-time resource', () => {
    const gaps = findRoleGaps(
      machine,
      statements({ Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }),
    );
    assert.deepEqual(
      gaps.map((g) => `${g.state} ${g.action} ${g.resource ?? 'run-time'}`),
      [`Invoke lambda:InvokeFunction ${FN}`, 'Dynamic lambda:InvokeFunction run-time'],
    );
  });
});
