// loadStateMachines on small templates held in memory: each format's ways of writing a definition,
// stand-ins and the logical IDs they keep, placeholders bound and unbound, the source map's lines,
// the execution role, selectors, and bad templates (located diagnostics, never an exception).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from '../validate';
import { definitionModel, definitionOffset, sourceRange, stateAtOffset } from '../model';
import {
  definitionSourceOf,
  loadStateMachines,
  locateInTemplate,
  summarizeMachine,
  type TemplateFileSystem,
  type TemplateMachine,
} from './index';
import { lineOf, load, only } from './templates.fixture';

const SAM_INLINE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  OrderFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
  OrderFlow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: order-flow
      Definition:
        StartAt: Charge
        States:
          Charge:
            Type: Task
            Resource: !GetAtt OrderFn.Arn
            Next: Notify
          Notify:
            Type: Task
            Resource: arn:aws:states:::sns:publish
            Parameters:
              TopicArn: \${TopicArn}
              Message: !Sub "order in \${AWS::Region}"
            End: true
      DefinitionSubstitutions:
        TopicArn: !Ref Topic
      Policies:
        - LambdaInvokePolicy:
            FunctionName: !Ref OrderFn
        - SNSPublishMessagePolicy:
            TopicName: !GetAtt Topic.TopicName
        - AWSXrayWriteOnlyAccess
  Topic:
    Type: AWS::SNS::Topic
`;

void describe('SAM', () => {
  void it('resolves an inline YAML definition: stand-ins keep their logical IDs, substitutions and Fn::Sub are bound', async () => {
    const machine = await only({ '/app/template.yaml': SAM_INLINE }, '/app/template.yaml');
    assert.equal(machine.format, 'sam');
    assert.equal(machine.id, 'OrderFlow');
    assert.equal(machine.name, 'order-flow');
    const definition = machine.definition as {
      States: Record<string, { Resource: string; Parameters?: Record<string, string> }>;
    };
    assert.match(
      definition.States.Charge?.Resource ?? '',
      /^arn:aws:lambda:us-east-1:123456789012:function:app-OrderFn-[A-Z0-9]{12}$/,
    );
    assert.match(
      definition.States.Notify?.Parameters?.TopicArn ?? '',
      /^arn:aws:sns:us-east-1:123456789012:app-Topic-[A-Z0-9]{12}$/,
    );
    assert.equal(definition.States.Notify?.Parameters?.Message, 'order in us-east-1');
    assert.deepEqual(machine.stateResources, { Charge: ['OrderFn'], Notify: ['Topic'] });
    assert.ok(machine.logicalResources.some((r) => r.logicalId === 'OrderFn' && r.attribute === 'Arn'));
    const summary = summarizeMachine(machine);
    assert.deepEqual(summary.placeholders, ['AWS::Region', 'TopicArn']);
    assert.equal(summary.substitutionsResolvable, true);
    assert.deepEqual(
      validate(machine.definitionText ?? '', { format: 'json', force: true }).filter(
        (d) => d.severity === 'error',
      ),
      [],
    );
  });

  void it("maps states and fields back to the template's lines", async () => {
    const machine = await only({ '/app/template.yaml': SAM_INLINE }, '/app/template.yaml');
    assert.equal(lineOf(machine, ['States', 'Charge']), 15);
    assert.equal(lineOf(machine, ['States', 'Notify', 'Parameters']), 22);
    // A deeper path lands on its nearest mapped ancestor.
    assert.equal(lineOf(machine, ['States', 'Notify', 'Parameters', 'TopicArn']), 22);
    assert.equal(lineOf(machine, ['StartAt']), 13);
  });

  void it("expands SAM policy templates into the role's statements; a managed policy is unknown", async () => {
    const machine = await only({ '/app/template.yaml': SAM_INLINE }, '/app/template.yaml');
    const role = machine.role;
    assert.ok(role);
    assert.equal(role.logicalId, 'OrderFlowRole');
    const fnArn = (machine.definition as { States: { Charge: { Resource: string } } }).States.Charge.Resource;
    const invoke = role.statements.find((s) => s.actions?.includes('lambda:InvokeFunction'));
    assert.ok(
      invoke?.resources?.some((r) => r === `${fnArn}*`),
      JSON.stringify(invoke),
    );
    assert.ok(role.statements.some((s) => s.actions?.includes('sns:Publish')));
    assert.deepEqual(role.unknown, ['managed policy AWSXrayWriteOnlyAccess']);
    assert.ok(machine.diagnostics.some((d) => d.code === 'TPL301' && d.severity === 'warning'));
  });

  void it('reads a DefinitionUri file with its substitutions and maps into that file', async () => {
    const files = {
      '/app/template.yaml': `Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/flow.asl.json
      DefinitionSubstitutions:
        Retries: 3
`,
      '/app/statemachine/flow.asl.json':
        '{\n  "StartAt": "A",\n  "States": {\n    "A": {\n      "Type": "Pass",\n      "Result": "${Missing}",\n      "End": true\n    }\n  },\n  "Comment": "${Retries}"\n}\n',
    };
    const machine = await only(files, '/app/template.yaml');
    assert.equal((machine.definition as { Comment: string }).Comment, '3');
    assert.equal(lineOf(machine, ['States', 'A']), 4);
    assert.equal(locateInTemplate(machine, ['States', 'A'])?.file, '/app/statemachine/flow.asl.json');
    // ${Missing} has no substitution: AWS deploys it literally; a located warning says so.
    assert.equal((machine.definition as { States: { A: { Result: string } } }).States.A.Result, '${Missing}');
    const warning = machine.diagnostics.find((d) => d.code === 'TPL204');
    assert.equal(warning?.severity, 'warning');
    assert.equal(warning?.location?.file, '/app/statemachine/flow.asl.json');
    assert.equal(warning?.location?.range.start.line, 5);
    assert.equal(summarizeMachine(machine).substitutionsResolvable, false);
  });

  void it('binds a placeholder in a non-string position before parsing (text substitution, as AWS does)', async () => {
    const machine = await only(
      {
        '/a/t.yaml':
          'Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: m.json\n      DefinitionSubstitutions:\n        Max: 5\n',
        '/a/m.json': '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":${Max},"End":true}}}',
      },
      '/a/t.yaml',
    );
    assert.equal((machine.definition as { States: { W: { Seconds: number } } }).States.W.Seconds, 5);
  });
});

const CFN_JOIN = `{
  "Resources": {
    "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "FunctionName": "pay" } },
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "Policies": [{ "PolicyName": "p", "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": { "Fn::GetAtt": ["Fn", "Arn"] } }] } }],
        "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AWSLambdaRole"]
      }
    },
    "Machine": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "RoleArn": { "Fn::GetAtt": ["Role", "Arn"] },
        "DefinitionString": { "Fn::Join": ["", [
          "{\\"StartAt\\":\\"Pay\\",\\"States\\":{\\"Pay\\":{\\"Type\\":\\"Task\\",\\"Resource\\":\\"",
          { "Fn::GetAtt": ["Fn", "Arn"] },
          "\\",\\"End\\":true}}}"
        ]] }
      }
    }
  }
}`;

void describe('CloudFormation', () => {
  void it('splices tokens into an Fn::Join DefinitionString (JSON template); an explicit name is used', async () => {
    const machine = await only({ '/c/stack.json': CFN_JOIN }, '/c/stack.json');
    assert.equal(machine.format, 'cloudformation');
    assert.equal(
      (machine.definition as { States: { Pay: { Resource: string } } }).States.Pay.Resource,
      'arn:aws:lambda:us-east-1:123456789012:function:pay',
    );
    assert.deepEqual(machine.stateResources, { Pay: ['Fn'] });
    assert.equal(lineOf(machine, ['States', 'Pay']), 16);
  });

  void it("reads the RoleArn's AWS::IAM::Role: inline policies, managed policy ARNs unknown", async () => {
    const machine = await only({ '/c/stack.json': CFN_JOIN }, '/c/stack.json');
    assert.equal(machine.role?.logicalId, 'Role');
    assert.deepEqual(
      machine.role?.statements.map((s) => s.resources),
      [['arn:aws:lambda:us-east-1:123456789012:function:pay']],
    );
    assert.deepEqual(machine.role?.unknown, ['managed policy arn:aws:iam::aws:policy/AWSLambdaRole']);
  });

  void it('Fn::Sub with a variable map and a ${!Literal} escape; pseudo parameters; CRLF line endings', async () => {
    const template = [
      'Parameters:',
      '  Env:',
      '    Type: String',
      '    Default: prod',
      'Resources:',
      '  M:',
      '    Type: AWS::StepFunctions::StateMachine',
      '    Properties:',
      '      DefinitionString: !Sub',
      '        - |-',
      '          {"StartAt": "P", "States": {"P": {"Type": "Pass",',
      '            "Result": {"env": "${Env}", "who": "${Who}", "keep": "${!Literal}", "acct": "${AWS::AccountId}"},',
      '            "End": true}}}',
      '        - Who: !Ref AWS::Region',
      '',
    ].join('\r\n');
    const machine = await only({ '/c/t.yaml': template }, '/c/t.yaml');
    assert.deepEqual((machine.definition as { States: { P: { Result: unknown } } }).States.P.Result, {
      env: 'prod',
      who: 'us-east-1',
      keep: '${Literal}',
      acct: '123456789012',
    });
    assert.deepEqual(summarizeMachine(machine).placeholders, ['AWS::AccountId', 'Env', 'Who']);
    assert.equal(lineOf(machine, ['States', 'P']), 11);
  });

  void it('Fn::If, Fn::FindInMap, Fn::Select and Fn::Split evaluate statically', async () => {
    const template = `Mappings:
  Regions:
    us-east-1: { Size: small }
Conditions:
  IsProd: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: P
        States:
          P:
            Type: Pass
            Result:
              size: !FindInMap [Regions, !Ref AWS::Region, Size]
              tier: !If [IsProd, gold, silver]
              part: !Select [1, !Split [",", "a,b,c"]]
            End: true
`;
    const machine = await only({ '/c/t.yaml': template }, '/c/t.yaml');
    assert.deepEqual((machine.definition as { States: { P: { Result: unknown } } }).States.P.Result, {
      size: 'small',
      tier: 'gold',
      part: 'b',
    });
  });
});

void describe('CDK', () => {
  const template = JSON.stringify({
    Resources: {
      OrderFnABCD1234: { Type: 'AWS::Lambda::Function', Properties: {} },
      OrderFlow5C9D2E1F: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          DefinitionString: {
            'Fn::Join': [
              '',
              [
                '{"StartAt":"Go","States":{"Go":{"Type":"Task","Resource":"',
                { 'Fn::GetAtt': ['OrderFnABCD1234', 'Arn'] },
                '","End":true}}}',
              ],
            ],
          },
        },
        Metadata: { 'aws:cdk:path': 'OrderStack/OrderFlow/Resource' },
      },
    },
  });
  const manifest = JSON.stringify({
    version: '36.0.0',
    artifacts: {
      OrderStack: {
        type: 'aws:cloudformation:stack',
        properties: { templateFile: 'OrderStack.template.json' },
      },
    },
  });
  const files = { '/p/cdk.out/manifest.json': manifest, '/p/cdk.out/OrderStack.template.json': template };

  void it('reads a cloud assembly: format cdk, the stack name in stand-ins, selection by construct path', async () => {
    const result = await load(files, '/p/cdk.out#OrderStack/OrderFlow');
    assert.equal(result.machines.length, 1);
    const machine = result.machines[0] as TemplateMachine;
    assert.equal(machine.format, 'cdk');
    assert.equal(machine.id, 'OrderFlow5C9D2E1F');
    assert.match(
      (machine.definition as { States: { Go: { Resource: string } } }).States.Go.Resource,
      /^arn:aws:lambda:us-east-1:123456789012:function:OrderStack-OrderFnABCD1234-[A-Z0-9]{12}$/,
    );
  });

  void it('finds the assembly when a parent directory is searched', async () => {
    const result = await load(files, '/p');
    assert.deepEqual(
      result.machines.map((m) => m.id),
      ['OrderFlow5C9D2E1F'],
    );
  });
});

void describe('Serverless Framework', () => {
  const files = {
    '/s/serverless.yml': `service: shop
provider:
  name: aws
  stage: \${opt:stage, 'dev'}
custom:
  table: orders-\${self:provider.stage}
functions:
  charge-card:
    handler: h.charge
stepFunctions:
  stateMachines:
    checkout:
      name: checkout-\${opt:stage, 'dev'}
      definition:
        StartAt: Charge
        States: \${file(states.yml)}
`,
    '/s/states.yml': `Charge:
  Type: Task
  Resource:
    Fn::GetAtt: [ChargeDashcardLambdaFunction, Arn]
  Next: Save
Save:
  Type: Task
  Resource: arn:aws:states:::dynamodb:putItem
  Parameters:
    TableName: \${self:custom.table}
    Item: {}
  End: true
`,
  };

  void it('inlines ${file()} states, resolves variables and maps the function to the ARN the framework gives it', async () => {
    const machine = await only(files, '/s/serverless.yml');
    assert.equal(machine.format, 'serverless');
    assert.equal(machine.id, 'checkout');
    assert.equal(machine.name, null);
    const states = (
      machine.definition as {
        States: Record<string, { Resource: string; Parameters?: { TableName: string } }>;
      }
    ).States;
    assert.equal(
      states.Charge?.Resource,
      'arn:aws:lambda:us-east-1:123456789012:function:shop-dev-charge-card',
    );
    assert.equal(states.Save?.Parameters?.TableName, 'orders-dev');
    assert.deepEqual(summarizeMachine(machine).placeholders, ['self:custom.table']);
    // The states came from states.yml: the source map says so.
    assert.equal(locateInTemplate(machine, ['States', 'Save'])?.file, '/s/states.yml');
    assert.equal(lineOf(machine, ['States', 'Save']), 6);
  });
});

void describe('bad templates: located diagnostics, never an exception', () => {
  void it('an unknown intrinsic', async () => {
    const machine = await only(
      {
        '/b/t.yaml':
          'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Task\n            Resource: !GetAttr Fn.Arn\n            End: true\n',
      },
      '/b/t.yaml',
    );
    const error = machine.diagnostics.find((d) => d.code === 'TPL201');
    assert.equal(error?.severity, 'error');
    assert.equal(error?.location?.range.start.line, 9);
    assert.equal(summarizeMachine(machine).resolved, false);
  });

  void it('a missing DefinitionUri file, and one in S3', async () => {
    const result = await load(
      {
        '/b/t.yaml':
          'Resources:\n  A:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: nowhere.asl.json\n  B:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: s3://bucket/key.json\n',
      },
      '/b/t.yaml',
    );
    const [a, b] = result.machines;
    assert.equal(a?.diagnostics[0]?.code, 'TPL002');
    assert.equal(a?.diagnostics[0]?.location?.range.start.line, 4);
    assert.equal(b?.diagnostics[0]?.code, 'TPL102');
    assert.equal(a?.definition, undefined);
  });

  void it("a module's variable without a value; a root variable without one only warns", async () => {
    const result = await load(
      {
        '/v/main.tf':
          'variable "name" {}\nmodule "m" {\n  source = "./mod"\n}\nresource "aws_sfn_state_machine" "root" {\n  definition = "{\\"StartAt\\":\\"${var.name}\\",\\"States\\":{}}"\n}\n',
        '/v/mod/main.tf':
          'variable "definition" {}\nresource "aws_sfn_state_machine" "this" {\n  definition = var.definition\n}\n',
      },
      '/v',
    );
    const inModule = result.machines.find((m) => m.id === 'module.m.aws_sfn_state_machine.this');
    const error = inModule?.diagnostics.find((d) => d.code === 'TPL206');
    assert.equal(error?.severity, 'error');
    assert.equal(error?.location?.file, '/v/mod/main.tf');
    assert.equal(error?.location?.range.start.line, 0);
    const root = result.machines.find((m) => m.id === 'aws_sfn_state_machine.root');
    assert.equal(root?.diagnostics.find((d) => d.code === 'TPL208')?.severity, 'warning');
  });

  void it('a template with no state machine, a path that does not exist, a syntax error', async () => {
    const none = await load({ '/n/t.yaml': 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n' }, '/n/t.yaml');
    assert.deepEqual(
      none.diagnostics.map((d) => d.code),
      ['TPL101'],
    );
    const missing = await load({}, '/nothing/here.yaml');
    assert.deepEqual(
      missing.diagnostics.map((d) => d.code),
      ['TPL003'],
    );
    const broken = await load(
      { '/x/t.json': '{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine",}' },
      '/x/t.json',
    );
    assert.ok(
      broken.diagnostics.some(
        (d) => d.code === 'TPL001' && d.severity === 'error' && d.location?.file === '/x/t.json',
      ),
    );
    const hcl = await load(
      { '/h/main.tf': 'resource "aws_sfn_state_machine" "m" {\n  definition = \n}\n' },
      '/h',
    );
    const syntax = hcl.diagnostics.find((d) => d.code === 'TPL001');
    assert.equal(syntax?.location?.range.start.line, 1);
  });

  void it('a file system that throws, and a selector that names nothing', async () => {
    const throwing: TemplateFileSystem = {
      readFile: () => {
        throw new Error('EACCES');
      },
      readDirectory: () => {
        throw new Error('EACCES');
      },
    };
    const result = await loadStateMachines('/any/template.yaml', { fileSystem: throwing });
    assert.deepEqual(result.machines, []);
    assert.equal(result.diagnostics[0]?.code, 'TPL003');
    const selected = await load({ '/app/template.yaml': SAM_INLINE }, '/app/template.yaml#Nope');
    assert.deepEqual(selected.machines, []);
    assert.match(selected.diagnostics[0]?.message ?? '', /No state machine 'Nope'.*found: OrderFlow/);
  });

  void it('names that are Object.prototype properties reach no prototype', async () => {
    const machine = await only(
      {
        '/p/t.yaml':
          'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            Result: { __proto__: { polluted: 1 }, constructor: !Ref toString }\n            End: true\n',
      },
      '/p/t.yaml',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(machine.diagnostics.some((d) => d.code === 'TPL202'));
  });
});

void describe('a machine as a source of the definition model (the plug-in point of core/model)', () => {
  void it("the model's states map to where the template writes them, and back", async () => {
    const machine = await only({ '/w/template.yaml': SAM_INLINE }, '/w/template.yaml');
    const source = definitionSourceOf(machine);
    assert.ok(source);
    const model = definitionModel(source);
    assert.deepEqual(model.states.map((s) => s.name).sort(), [...summarizeMachine(machine).allStates].sort());
    assert.ok(model.states.length >= 2);
    for (const state of model.states) {
      const written = locateInTemplate(machine, state.path);
      assert.ok(written, state.name);
      const mapped = sourceRange(model, state.nameRange);
      assert.equal(mapped?.file, written.file);
      assert.equal(mapped?.start, written.start, state.name);
      // A place inside the state's entry in the template leads back to that state.
      const back = definitionOffset(model, written.file, written.start);
      assert.equal(back === undefined ? undefined : stateAtOffset(model, back)?.name, state.name);
    }
    assert.equal(definitionOffset(model, '/w/elsewhere.yaml', 0), undefined);
  });
});
