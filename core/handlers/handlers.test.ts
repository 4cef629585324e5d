// Handler maps as every surface writes them (references, objects, `auto`, problems with their paths),
// the functions a SAM/CloudFormation machine calls (CodeUri, Handler, Runtime, Timeout, Environment
// with Globals underneath, which Task calls which), and `auto` turning them into handlers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStateMachines, type TemplateFileSystem, type TemplateMachine } from '../templates';
import {
  autoHandlers,
  parseHandlerReference,
  parseHandlers,
  splitCommandLine,
  type HandlerProblem,
} from './index';

describe('handler references', () => {
  it('reads the three kinds', () => {
    assert.deepEqual(parseHandlerReference('./src/charge.js#handler'), {
      kind: 'node',
      path: './src/charge.js',
      exportName: 'handler',
    });
    assert.deepEqual(parseHandlerReference('src/charge.mjs'), {
      kind: 'node',
      path: 'src/charge.mjs',
      exportName: 'handler',
    });
    assert.deepEqual(parseHandlerReference('./a.js#handlers.create'), {
      kind: 'node',
      path: './a.js',
      exportName: 'handlers.create',
    });
    assert.deepEqual(parseHandlerReference('python:app.charge:handler'), {
      kind: 'python',
      module: 'app.charge',
      attribute: 'handler',
    });
    assert.deepEqual(parseHandlerReference('cmd: ./bin/charge --currency "US dollar"'), {
      kind: 'command',
      argv: ['./bin/charge', '--currency', 'US dollar'],
    });
  });

  it('says what is wrong with a malformed one', () => {
    for (const [text, message] of [
      ['', /got an empty string/],
      ['python:app.charge', /python:module:function/],
      ['python:app-charge:handler', /python:module:function/],
      ['cmd:', /names the command to run/],
      ['cmd: ./bin/x "open', /unclosed quote/],
      ['./a.js#', /a Node export/],
      ['./a.js#not-a-name', /a Node export/],
    ] as const) {
      const read = parseHandlerReference(text);
      assert.ok('problem' in read, text);
      assert.match(read.problem, message);
    }
  });

  it('splits command lines as a shell would, without one', () => {
    assert.deepEqual(splitCommandLine(`a 'b c' "d \\"e\\"" f\\ g ''`), ['a', 'b c', 'd "e"', 'f g', '']);
    assert.equal(splitCommandLine('a "b'), undefined);
  });
});

describe('handler maps', () => {
  it('reads strings and objects with the function settings', () => {
    const problems: HandlerProblem[] = [];
    const read = parseHandlers(
      {
        ChargeCard: './src/charge.js#handler',
        Refund: {
          handler: 'python:app.refund:handler',
          environment: { TABLE: 'orders', RETRIES: 3, LIVE: false },
          timeout: 10,
          memory: 256,
          root: './functions',
        },
      },
      problems,
    );
    assert.deepEqual(problems, []);
    assert.ok(!read.auto);
    assert.deepEqual(read.handlers.Refund, {
      text: 'python:app.refund:handler',
      reference: { kind: 'python', module: 'app.refund', attribute: 'handler' },
      environment: { TABLE: 'orders', RETRIES: '3', LIVE: 'false' },
      timeoutSeconds: 10,
      memoryMB: 256,
      root: './functions',
    });
    assert.deepEqual(read.handlers.ChargeCard?.environment, {});
  });

  it('reads auto', () => {
    assert.deepEqual(parseHandlers('auto', []), { auto: true });
  });

  it('reports each problem at its path and keeps the good handlers', () => {
    const problems: HandlerProblem[] = [];
    const read = parseHandlers(
      {
        Good: './a.js',
        BadKey: { handler: './a.js', timout: 3 },
        BadEnv: { handler: './a.js', environment: { 'NOT-A-NAME': 'x', OBJ: { a: 1 } } },
        BadTimeout: { handler: './a.js', timeout: -1 },
        NoHandler: { environment: {} },
        Number: 3,
      },
      problems,
    );
    assert.ok(!read.auto);
    assert.deepEqual(Object.keys(read.handlers), ['Good']);
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        ['BadKey', 'timout'],
        ['BadEnv', 'environment', 'NOT-A-NAME'],
        ['BadEnv', 'environment', 'OBJ'],
        ['BadTimeout', 'timeout'],
        ['NoHandler'],
        ['Number'],
      ],
    );
    assert.equal(Object.getPrototypeOf(read.handlers), Object.prototype);
    assert.match(problems[0]?.message ?? '', /unknown key "timout"/);
  });

  it('refuses a value that is neither auto nor a map', () => {
    const problems: HandlerProblem[] = [];
    parseHandlers('automatic', problems);
    assert.match(problems[0]?.message ?? '', /"auto" or a map .* got "automatic"/);
  });

  it('keeps a key named like an Object.prototype property as data', () => {
    const problems: HandlerProblem[] = [];
    const read = parseHandlers(JSON.parse('{"__proto__": "./a.js", "constructor": "./b.js"}'), problems);
    assert.ok(!read.auto);
    assert.deepEqual(Object.keys(read.handlers), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(read.handlers), Object.prototype);
  });
});

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Timeout: 5
    Environment:
      Variables:
        STAGE: test
        TABLE: global-table
Resources:
  ChargeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/charge/
      Handler: src/app.handler
      MemorySize: 256
      Environment:
        Variables:
          TABLE: !Ref Orders
          RETRIES: 3
  RefundFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/refund
      Handler: refund.lambda_handler
      Runtime: python3.12
      Timeout: 20
  LegacyFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: java21
      Handler: example.Handler::handleRequest
      Code: build/legacy.jar
  InlineFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: "exports.handler = async () => 1"
  UnusedFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: unused.handler
  Orders:
    Type: AWS::DynamoDB::Table
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Charge
        States:
          Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !GetAtt ChargeFunction.Arn
              Payload.$: $
            Next: Refund
          Refund:
            Type: Task
            Resource: !GetAtt RefundFunction.Arn
            Next: Legacy
          Legacy:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !Ref LegacyFunction
              Payload: {}
            Next: Inline
          Inline:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !Ref InlineFunction
            Next: Save
          Save:
            Type: Task
            Resource: arn:aws:states:::dynamodb:putItem
            Parameters:
              TableName: !Ref Orders
              Item: {}
            End: true
`;

async function samMachine(): Promise<TemplateMachine> {
  const files: Record<string, string> = { '/app/template.yaml': SAM };
  const fileSystem: TemplateFileSystem = {
    readFile: (path) =>
      path in files
        ? { ok: true, text: files[path] as string }
        : { ok: false, code: 'ENOENT', message: path },
    readDirectory: () => undefined,
  };
  const result = await loadStateMachines('/app/template.yaml', { fileSystem });
  assert.equal(result.machines.length, 1);
  return result.machines[0] as TemplateMachine;
}

describe('the functions a template machine calls', () => {
  it('reads code folder, handler, runtime, timeout, memory and environment, Globals underneath', async () => {
    const machine = await samMachine();
    assert.deepEqual(Object.keys(machine.functions).sort(), [
      'ChargeFunction',
      'InlineFunction',
      'LegacyFunction',
      'RefundFunction',
    ]);
    assert.deepEqual(machine.taskFunctions, {
      Charge: 'ChargeFunction',
      Refund: 'RefundFunction',
      Legacy: 'LegacyFunction',
      Inline: 'InlineFunction',
    });
    const charge = machine.functions.ChargeFunction;
    assert.equal(charge?.codeUri, '/app/functions/charge');
    assert.equal(charge?.handler, 'src/app.handler');
    assert.equal(charge?.runtime, 'nodejs20.x');
    assert.equal(charge?.timeoutSeconds, 5);
    assert.equal(charge?.memoryMB, 256);
    assert.equal(charge?.environment.STAGE, 'test');
    assert.equal(charge?.environment.RETRIES, '3');
    assert.match(charge?.environment.TABLE ?? '', /^app-Orders-[A-Z0-9]{12}$/, 'a Ref is its stand-in');
    const refund = machine.functions.RefundFunction;
    assert.deepEqual(
      [refund?.runtime, refund?.timeoutSeconds, refund?.codeUri],
      ['python3.12', 20, '/app/functions/refund'],
    );
    assert.equal(machine.functions.LegacyFunction?.codeUri, '/app/build/legacy.jar');
    assert.equal(machine.functions.InlineFunction?.codeNotLocal, 'its code is inline (InlineCode)');
    assert.deepEqual(
      machine.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('auto: nodejs and python functions become handlers keyed by logical ID; others need a mock', async () => {
    const auto = autoHandlers(await samMachine());
    assert.deepEqual(Object.keys(auto.handlers).sort(), ['ChargeFunction', 'RefundFunction']);
    assert.deepEqual(auto.handlers.ChargeFunction?.reference, {
      kind: 'node',
      path: './src/app',
      exportName: 'handler',
    });
    assert.equal(auto.handlers.ChargeFunction?.root, '/app/functions/charge');
    assert.equal(auto.handlers.ChargeFunction?.timeoutSeconds, 5);
    assert.deepEqual(auto.handlers.RefundFunction?.reference, {
      kind: 'python',
      module: 'refund',
      attribute: 'lambda_handler',
    });
    assert.equal(auto.logicalIds.Charge, 'ChargeFunction');
    assert.deepEqual(
      auto.unsupported.map((u) => [u.logicalId, u.states, u.reason]),
      [
        ['LegacyFunction', ['Legacy'], 'runtime java21 (handlers: auto runs nodejs* and python* functions)'],
        ['InlineFunction', ['Inline'], 'its code is inline (InlineCode)'],
      ],
    );
  });
});
