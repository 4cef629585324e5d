// `stepthrough list [paths] [--json]`: every state machine found in templates (SAM, CloudFormation,
// CDK, serverless.yml, Terraform) under the paths, with where it is declared and whether its
// definition resolved. Exit 0 when every machine resolved, 2 when a template is bad (a located
// message on stderr for each problem).

import {
  loadStateMachines,
  summarizeMachine,
  type MachineSummary,
  type TemplateDiagnostic,
} from '../../core/templates';
import type { CommandContext } from '../context';
import { templateFileSystem } from '../../host';

export const LIST_USAGE = `Usage: stepthrough list [PATHS...] [--json]

Finds the state machines in templates: SAM and CloudFormation (inline Definition, DefinitionString,
DefinitionUri files), CDK cloud assemblies (cdk.out) and synthesized templates, serverless.yml
(serverless-step-functions) and Terraform modules (aws_sfn_state_machine). A path is a template, a
directory to search (the current one by default), or template#Id to pick one machine.

For each machine: its format, where it is declared, its id (logical ID, construct path, serverless
key or Terraform address), its name, and whether its definition resolved.

Options:
  --json       one JSON array: format, file, id, name, location, resolved, startAt, states,
               allStates, queryLanguage, placeholders, substitutionsResolvable, diagnostics
  --no-color   plain output

Exit code: 0 every machine resolved, 2 a template is bad (unreadable, malformed, unknown
intrinsic, missing file, no state machine...).
`;

function describe(d: TemplateDiagnostic): string {
  const where = d.location
    ? `${d.location.file}:${d.location.range.start.line + 1}:${d.location.range.start.character + 1}`
    : '(no file)';
  return `${where} ${d.code} ${d.severity}: ${d.message}`;
}

export async function listCommand(ctx: CommandContext): Promise<number> {
  const paths = ctx.positionals.length > 0 ? ctx.positionals : ['.'];
  const fileSystem = templateFileSystem(ctx.files);
  const summaries: MachineSummary[] = [];
  const problems: TemplateDiagnostic[] = [];
  for (const path of paths) {
    const result = await loadStateMachines(path, { fileSystem });
    summaries.push(...result.machines.map(summarizeMachine));
    problems.push(...result.diagnostics);
  }
  const failed = problems.some((d) => d.severity === 'error') || summaries.some((s) => !s.resolved);
  if (ctx.values.json === true) {
    ctx.stdout(JSON.stringify(summaries, null, 2));
  } else {
    for (const s of summaries) {
      const name = s.name === null ? '' : ` "${s.name}"`;
      const state = s.resolved ? `resolved, ${s.allStates.length} states` : 'NOT resolved';
      ctx.stdout(`${s.format.padEnd(14)} ${s.location ?? s.file}  ${s.id}${name}  (${state})`);
    }
    if (summaries.length > 0)
      ctx.stdout(`${summaries.length} state machine${summaries.length === 1 ? '' : 's'}`);
  }
  for (const d of problems) ctx.stderr(describe(d));
  for (const s of summaries)
    for (const d of s.diagnostics) if (d.severity !== 'info') ctx.stderr(describe(d));
  return failed ? 2 : 0;
}
