// loadStateMachines on small Terraform modules held in memory: the ways a definition is written
// (jsonencode, templatefile, file, heredocs, module calls), stand-ins, placeholders and source-map lines.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateInTemplate, summarizeMachine, type TemplateMachine } from './index';
import { lineOf, load, only } from './templates.fixture';

void describe('Terraform', () => {
  void it('templatefile() with a vars map; the address; placeholders of the template', async () => {
    const machine = await only(
      {
        '/t/main.tf': `resource "aws_lambda_function" "pay" {
  function_name = "pay-fn"
}
resource "aws_sfn_state_machine" "orders" {
  name       = "orders"
  definition = templatefile("\${path.module}/orders.asl.json", { PayArn = aws_lambda_function.pay.arn })
}
`,
        '/t/orders.asl.json':
          '{\n  "StartAt": "Pay",\n  "States": {\n    "Pay": { "Type": "Task", "Resource": "${PayArn}", "Comment": "$${kept}", "End": true }\n  }\n}\n',
      },
      '/t',
    );
    assert.equal(machine.id, 'aws_sfn_state_machine.orders');
    assert.equal(machine.name, 'orders');
    const pay = (machine.definition as { States: { Pay: { Resource: string; Comment: string } } }).States.Pay;
    assert.equal(pay.Resource, 'arn:aws:lambda:us-east-1:123456789012:function:pay-fn');
    assert.equal(pay.Comment, '${kept}');
    assert.deepEqual(summarizeMachine(machine).placeholders, ['PayArn']);
    assert.deepEqual(machine.stateResources, { Pay: ['aws_lambda_function.pay'] });
    assert.equal(locateInTemplate(machine, ['States', 'Pay'])?.file, '/t/orders.asl.json');
    assert.equal(lineOf(machine, ['States', 'Pay']), 4);
  });

  void it('a module call passes a heredoc definition; count gives [0]; count = 0 declares nothing', async () => {
    const result = await load(
      {
        '/r/main.tf': `variable "enabled" {
  default = false
}
module "orders" {
  source     = "./modules/sfn"
  definition = <<EOF
{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "\${var.enabled}", "End": true}}}
EOF
}
resource "aws_sfn_state_machine" "off" {
  count      = var.enabled ? 1 : 0
  definition = "{}"
}
`,
        '/r/modules/sfn/main.tf': `variable "definition" {}
resource "aws_sfn_state_machine" "this" {
  count      = 1
  definition = var.definition
}
`,
      },
      '/r',
    );
    assert.deepEqual(
      result.machines.map((m) => [m.id, m.file]),
      [['module.orders.aws_sfn_state_machine.this[0]', '/r/main.tf']],
    );
    const machine = result.machines[0] as TemplateMachine;
    assert.equal((machine.definition as { States: { A: { Result: string } } }).States.A.Result, 'false');
    assert.deepEqual(summarizeMachine(machine).placeholders, ['var.enabled']);
  });

  void it("jsonencode() with bare references: they are values, not placeholders; data sources' known values", async () => {
    const machine = await only(
      {
        '/j/main.tf': `data "aws_region" "current" {}
resource "aws_sqs_queue" "q" {
  name = "jobs"
}
resource "aws_sfn_state_machine" "m" {
  definition = jsonencode({
    StartAt = "Send"
    States = {
      Send = {
        Type     = "Task"
        Resource = "arn:aws:states:::sqs:sendMessage"
        Parameters = { QueueUrl = aws_sqs_queue.q.url, "Region" : data.aws_region.current.name }
        End      = true
      }
    }
  })
}
`,
      },
      '/j/main.tf',
    );
    const parameters = (machine.definition as { States: { Send: { Parameters: Record<string, string> } } })
      .States.Send.Parameters;
    assert.equal(parameters.QueueUrl, 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs');
    assert.equal(parameters.Region, 'us-east-1');
    assert.deepEqual(summarizeMachine(machine).placeholders, []);
  });

  void it('the role: aws_iam_role with an aws_iam_role_policy from an aws_iam_policy_document', async () => {
    const machine = await only(
      {
        '/k/main.tf': `resource "aws_iam_role" "sfn" {
  name = "sfn"
}
data "aws_iam_policy_document" "invoke" {
  statement {
    actions   = ["lambda:InvokeFunction"]
    resources = ["*"]
  }
}
resource "aws_iam_role_policy" "invoke" {
  role   = aws_iam_role.sfn.id
  policy = data.aws_iam_policy_document.invoke.json
}
resource "aws_sfn_state_machine" "m" {
  role_arn   = aws_iam_role.sfn.arn
  definition = "{\\"StartAt\\":\\"A\\",\\"States\\":{\\"A\\":{\\"Type\\":\\"Succeed\\"}}}"
}
`,
      },
      '/k',
    );
    assert.equal(machine.role?.logicalId, 'aws_iam_role.sfn');
    assert.deepEqual(
      machine.role?.statements.map((s) => [s.actions, s.resources]),
      [[['lambda:InvokeFunction'], ['*']]],
    );
  });
});
