// Templates on every CLI command that takes a definition (issue 14, "Where it is used"): validate, run,
// graph and the debug adapter take `template.yaml#Selector` or a template holding one machine;
// validate's diagnostics land on the template's (or DefinitionUri file's) lines; the machine's
// execution role comes from the template when no role is given; bad templates are a located message
// and exit 2, never a crash. Through the CLI as a process (and the adapter over DAP).

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adapterPerTest } from '../dap/harness';

const ROOT = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'stepthrough-templates-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** A SAM machine calling a function; `policies` is its Policies block (indented), or none. */
function samTemplate(policies: string, definitionExtra = ''): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
  ChargeFn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: . }
  OrderFlow:
    Type: AWS::Serverless::StateMachine
    Properties:
${policies}      Definition:
        StartAt: Charge
        States:
          Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: { FunctionName: !GetAtt ChargeFn.Arn, Payload.$: $ }
            OutputPath: $.Payload
            End: true${definitionExtra}
`;
}

const INVOKE_POLICY = `      Policies:
        - LambdaInvokePolicy: { FunctionName: !Ref ChargeFn }
`;

describe('validate', () => {
  it("locates a typo inside a template's inline definition on the template's line", () => {
    const file = write(
      'typo.yaml',
      samTemplate(INVOKE_POLICY).replace(
        'OutputPath: $.Payload',
        'OutputPath: $.Payload\n            Nxt: Later',
      ),
    );
    const r = cli('validate', `${file}#OrderFlow`);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    // Line 19 column 13 is where the template writes `Nxt`.
    assert.match(r.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:19:13 ASL102 `, 'm'));
  });

  it('locates a problem of a DefinitionUri file in that file; no selector with one machine', () => {
    const asl = write(
      'flow.asl.json',
      '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "End": true, "Bogus": 1 }\n  }\n}\n',
    );
    const file = write(
      'uri.yaml',
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: ./flow.asl.json\n`,
    );
    const r = cli('validate', file);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`${asl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:41 ASL102 `));
  });

  it("warns about the Tasks the template's own role does not allow, and not when it does", () => {
    const bare = write('norole.yaml', samTemplate(''));
    const denied = cli('validate', bare);
    assert.equal(denied.status, 0, denied.stdout + denied.stderr);
    assert.match(denied.stdout, /norole\.yaml:\d+:\d+ \S+ warning: .*lambda:InvokeFunction/);
    const allowed = cli('validate', write('invoke.yaml', samTemplate(INVOKE_POLICY)));
    assert.equal(allowed.status, 0, allowed.stdout + allowed.stderr);
    assert.doesNotMatch(allowed.stdout, /lambda:InvokeFunction/);
  });
});

describe('bad templates: a located message and exit 2, never a crash', () => {
  const cases: { name: string; text: string; selector?: string; message: RegExp }[] = [
    {
      name: 'unknown-intrinsic.yaml',
      text: 'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition: !Bogus x\n',
      message: /unknown-intrinsic\.yaml:5:19.*TPL201 Unknown intrinsic function 'Fn::Bogus'/,
    },
    {
      name: 'missing-uri.yaml',
      text: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: ./nowhere.asl.json\n',
      message: /missing-uri\.yaml:\d+:\d+.*TPL\d+ .*nowhere\.asl\.json/,
    },
    {
      name: 'no-machine.yaml',
      text: 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n',
      message: /no-machine\.yaml:1:1.*TPL\d+ No state machine found/,
    },
    {
      name: 'selector.yaml',
      text: samTemplate(INVOKE_POLICY),
      selector: 'Nope',
      message: /selector\.yaml:1:1.*TPL\d+ No state machine 'Nope'.*found: OrderFlow/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: validate, run and graph`, () => {
      const file = write(c.name, c.text);
      const reference = c.selector ? `${file}#${c.selector}` : file;
      for (const command of ['validate', 'run', 'graph']) {
        const r = cli(command, reference);
        assert.equal(r.status, 2, `${command}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, c.message, command);
        assert.doesNotMatch(r.stderr, /internal error/);
      }
    });
  }

  it('a template with several machines: run and graph ask for one; validate checks each', () => {
    const two =
      samTemplate(INVOKE_POLICY) +
      samTemplate(INVOKE_POLICY)
        .split('Resources:\n')[1]!
        .replace(/ChargeFn/g, 'OtherFn')
        .replace('OrderFlow:', 'ReturnFlow:');
    const file = write('two.yaml', two);
    const run = cli('run', file);
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /2 state machines \(OrderFlow, ReturnFlow\): name one, as .*two\.yaml#OrderFlow/,
    );
    const validate = cli('validate', file);
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
    assert.match(validate.stderr, /2 files valid/);
  });
});

describe('run and graph', () => {
  it("run: the template's role is checked when no --role is given; --role replaces it", () => {
    const mocks = write('mocks.json', JSON.stringify({ ChargeFn: [{ Return: { Payload: { ok: true } } }] }));
    const denied = cli('run', write('run-norole.yaml', samTemplate('')), '--mocks', mocks, '--json');
    assert.equal(denied.status, 1, denied.stderr);
    const failed = JSON.parse(denied.stdout) as { error: string; cause: string };
    assert.match(`${failed.error} ${failed.cause}`, /not authorized to perform: lambda:InvokeFunction/);
    const allowed = cli(
      'run',
      `${write('run-invoke.yaml', samTemplate(INVOKE_POLICY))}#OrderFlow`,
      '--mocks',
      mocks,
      '--json',
    );
    assert.equal(allowed.status, 0, allowed.stdout + allowed.stderr);
    assert.deepEqual((JSON.parse(allowed.stdout) as { output: unknown }).output, { ok: true });
    const role = write(
      'role.json',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    );
    const given = cli('run', join(work, 'run-norole.yaml'), '--mocks', mocks, '--role', role, '--json');
    assert.equal(given.status, 0, given.stdout + given.stderr);
  });

  it('graph draws a template machine by its selector and runs it with a logical-ID mock', () => {
    const mocks = write('graph-mocks.json', JSON.stringify({ ChargeFn: [{ Return: { Payload: 1 } }] }));
    const r = cli('graph', `${write('graph.yaml', samTemplate(INVOKE_POLICY))}#OrderFlow`, '--mocks', mocks);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /<svg[\s\S]*Charge/);
    assert.match(r.stderr, /graph: run SUCCEEDED/);
  });
});

describe('the debug adapter', () => {
  const adapter = adapterPerTest();

  it('launches "definition": "template.yaml#Id" and runs it to the end', async () => {
    const file = write('dap.yaml', samTemplate(INVOKE_POLICY));
    const session = await adapter.start();
    await session.launch({
      definition: `${file}#OrderFlow`,
      mocks: { ChargeFn: [{ Return: { Payload: { ok: true } } }] },
    });
    await session.next('terminated');
  });

  it('a bad template fails the launch with its located message', async () => {
    const file = write('dap-bad.yaml', cases0());
    const session = await adapter.start();
    await assert.rejects(
      session.launch({ definition: file }),
      /dap-bad\.yaml:5:19: .*Unknown intrinsic function 'Fn::Bogus'/,
    );
  });
});

function cases0(): string {
  return 'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition: !Bogus x\n';
}
