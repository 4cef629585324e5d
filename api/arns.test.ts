// Names and ARNs as AWS checks them, and the `#TestCase` suffix of Step Functions Local.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkName, executionArn, parseArn, parseStateMachineArn } from './arns';

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return `${(err as { type: string }).type}: ${(err as Error).message}`;
  }
  assert.fail('expected a refusal');
}

void describe('names and ARNs', () => {
  void it('accepts names AWS accepts and refuses the rest', () => {
    for (const ok of ['a', 'Order-Flow_2.0', 'x'.repeat(80), 'ünïcödé', '🙂'.repeat(80)])
      assert.equal(checkName(ok), ok);
    for (const bad of [
      '',
      'x'.repeat(81),
      'a b',
      'a\nb',
      'a<b',
      'a{b',
      'a[b',
      'a?b',
      'a*b',
      'a"b',
      'a#b',
      'a%b',
      'a\\b',
      'a^b',
      'a|b',
      'a~b',
      'a`b',
      'a$b',
      'a&b',
      'a,b',
      'a;b',
      'a:b',
      'a/b',
      'a\u0000b',
      'a\u007fb',
      'a\u009fb',
    ]) {
      assert.match(
        refused(() => checkName(bad)),
        /^InvalidName: Invalid Name: '/,
        JSON.stringify(bad),
      );
    }
  });

  void it('parses state machine ARNs with a version and a test case', () => {
    assert.deepEqual(parseStateMachineArn('arn:aws:states:us-east-1:123456789012:stateMachine:Flow'), {
      machineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Flow',
      name: 'Flow',
    });
    assert.deepEqual(
      parseStateMachineArn('arn:aws:states:eu-west-1:123456789012:stateMachine:Flow:3#Happy', true),
      {
        machineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:Flow',
        name: 'Flow',
        version: 3,
        testCase: 'Happy',
      },
    );
    assert.match(
      refused(() => parseStateMachineArn('arn:aws:states:us-east-1:123456789012:stateMachine:Flow#Happy')),
      /^InvalidArn/,
    );
    assert.match(
      refused(() => parseStateMachineArn('arn:aws:states:us-east-1:123456789012:stateMachine:Flow#', true)),
      /^InvalidArn/,
    );
    assert.match(
      refused(() => parseStateMachineArn('arn:aws:states:us-east-1:123456789012:stateMachine:Flow:PROD')),
      /aliases/,
    );
  });

  void it('refuses ARNs of another service, type or shape', () => {
    assert.equal(
      refused(() => parseArn('arn:aws:states:us-east-1:123456789012:activity:A', ['execution'])),
      "InvalidArn: Invalid Arn: 'Resource type not valid in this context: activity'",
    );
    for (const bad of [
      '',
      'arn',
      'arn:aws:s3:::bucket',
      'arn:aws:states:us-east-1:12345:execution:M:e',
      'arn:aws:states:us-east-1:123456789012:thing:x',
      'arn:aws:states:us-east-1:123456789012:execution::e',
    ]) {
      assert.match(
        refused(() => parseArn(bad, ['execution'])),
        /^InvalidArn: Invalid Arn: '/,
        bad,
      );
    }
  });

  void it('derives execution ARNs from the machine ARN', () => {
    const machine = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Flow';
    assert.equal(
      executionArn(machine, 'run'),
      'arn:aws-cn:states:cn-north-1:123456789012:execution:Flow:run',
    );
    assert.equal(
      executionArn(machine, 'run', { id: 'u' }),
      'arn:aws-cn:states:cn-north-1:123456789012:express:Flow:run:u',
    );
  });
});
