// What each MCP tool does, over core's public API and nothing of the MCP SDK: the server (server.ts)
// declares the input schemas and turns results into tool results, and thrown errors into tool errors.
// A definition comes inline (`definition`, JSON or YAML text) or from a file (`file`), never both.

import { dirname, resolve } from 'node:path';
import {
  definitionModel,
  stateMachineNameOf,
  execute,
  loadRunnableDefinition,
  loadTestFile,
  mockConfigFile,
  parseDocument,
  runLoadedFiles,
  simpleMocks,
  StepthroughError,
  testState,
  validateDocument,
  formatPretty,
  isStateEntered,
  type ExecuteOptions,
  type JsonObject,
  type JsonValue,
  type ParsedDocument,
  type TestStateCall,
  type TestStateResponse,
} from '../core';
import { createTaskAuthorizer, describeRoleGap, findRoleGaps, readRolePolicies } from '../core/iam';
import { quickFixes } from '../core/language';
import { isJsonObject } from '../core/json';
import { readToolFile, resolvePath } from './files';
import { definitionToMermaid, type MermaidDirection } from './mermaid';

export interface DefinitionSource {
  definition?: string;
  file?: string;
}

interface LoadedSource {
  doc: ParsedDocument;
  /** For messages and names: the file, or `definition`. */
  label: string;
  name: string;
}

function loadSource(args: DefinitionSource): LoadedSource {
  if ((args.definition === undefined) === (args.file === undefined)) {
    throw new StepthroughError(
      'E_USAGE',
      'Give the state machine as exactly one of `definition` (its text) or `file` (a path).',
    );
  }
  if (args.file !== undefined) {
    const text = readToolFile(args.file, 'state machine');
    return {
      doc: parseDocument(text, { fileName: args.file }),
      label: args.file,
      name: stateMachineNameOf(args.file),
    };
  }
  return { doc: parseDocument(args.definition ?? ''), label: 'definition', name: 'StateMachine' };
}

/** 1-based line and column of an offset. */
function position(doc: ParsedDocument, offset: number): { line: number; column: number } {
  const at = doc.lines.positionAt(offset);
  return { line: at.line + 1, column: at.character + 1 };
}

// --- validate ----------------------------------------------------------------------------------------------
export function validateTool(args: DefinitionSource): JsonObject {
  const { doc, label } = loadSource(args);
  const diagnostics = validateDocument(doc);
  const fixes = quickFixes(doc, diagnostics);
  const listed = diagnostics.map((d) => {
    const own = fixes.filter((fix) => fix.diagnostic === d);
    const entry: JsonObject = {
      code: d.code,
      severity: d.severity,
      message: d.message,
      start: position(doc, d.offsets.start),
      end: position(doc, d.offsets.end),
    };
    if (own.length > 0) {
      entry.fixes = own.map((fix) => ({
        title: fix.title,
        preferred: fix.preferred,
        edits: fix.edits.map((edit) => ({
          start: position(doc, edit.range.start),
          end: position(doc, edit.range.end),
          newText: edit.newText,
        })),
      }));
    }
    return entry;
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return {
    source: label,
    valid: errors === 0,
    errors,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    diagnostics: listed,
  };
}

/**
 * The definition, refused as every surface refuses one AWS would reject: a DefinitionError listing
 * its diagnostics as `stepthrough validate` prints them (`file:line:col CODE message`).
 */
function validDefinition(source: LoadedSource): JsonObject {
  return loadRunnableDefinition(source.doc.text, source.label === 'definition' ? undefined : source.label);
}

// --- IAM role ------------------------------------------------------------------------------------------------
export interface RoleArgs {
  policy?: string;
  policyFile?: string;
}

function readPolicy(args: RoleArgs): ReturnType<typeof readRolePolicies>['policies'] | undefined {
  if (args.policy !== undefined && args.policyFile !== undefined) {
    throw new StepthroughError(
      'E_USAGE',
      'Give the role policy as `policy` (text) or `policyFile` (a path), not both.',
    );
  }
  const text = args.policyFile !== undefined ? readToolFile(args.policyFile, 'role policy') : args.policy;
  if (text === undefined) return undefined;
  const doc = parseDocument(text, args.policyFile !== undefined ? { fileName: args.policyFile } : {});
  const syntax = doc.diagnostics.find((d) => d.severity === 'error');
  if (syntax)
    throw new StepthroughError('E_PARSE', `The role policy is not valid JSON/YAML: ${syntax.message}`);
  const { policies, problems } = readRolePolicies(doc.value ?? null);
  if (problems.length > 0) {
    throw new StepthroughError(
      'E_INVALID_INPUT',
      `The role policy is not a valid IAM policy: ${problems.map((p) => p.message).join('; ')}`,
      {
        hint: 'Give a policy document {"Version": "2012-10-17", "Statement": [...]}, a list of them, or a role with "Policies".',
      },
    );
  }
  return policies;
}

export interface CheckRoleArgs extends DefinitionSource, RoleArgs {
  region?: string;
  accountId?: string;
}

export function checkRoleTool(args: CheckRoleArgs): JsonObject {
  const source = loadSource(args);
  const definition = validDefinition(source);
  const policies = readPolicy(args);
  if (!policies)
    throw new StepthroughError('E_USAGE', 'check_role needs the role policy: `policy` or `policyFile`.');
  const context = {
    ...(args.region ? { region: args.region } : {}),
    ...(args.accountId ? { accountId: args.accountId } : {}),
  };
  const findings = findRoleGaps(definition, policies.statements, context).map((gap) => {
    const state = definitionModel(source.doc).states.find((s) => s.name === gap.state);
    const finding: JsonObject = {
      state: gap.state,
      ...position(source.doc, state?.nameRange.start ?? 0),
      action: gap.action,
      resource: gap.resource ?? null,
      decision: gap.decision,
      message: describeRoleGap(gap),
    };
    if (gap.deniedBy !== undefined) finding.deniedBy = gap.deniedBy;
    if (gap.reason !== undefined) finding.reason = gap.reason;
    return finding;
  });
  return { source: source.label, allowed: findings.length === 0, findings };
}

// --- run -------------------------------------------------------------------------------------------------------
export interface RunArgs extends DefinitionSource, RoleArgs {
  input?: JsonValue;
  mocks?: JsonObject;
  mocksFile?: string;
  mockConfigFile?: string;
  testCase?: string;
  seed?: number;
  startTime?: string;
  executionName?: string;
  maxTransitions?: number;
}

function readData(path: string, what: string): JsonValue {
  const doc = parseDocument(readToolFile(path, what), { fileName: path });
  const syntax = doc.diagnostics.find((d) => d.severity === 'error');
  if (syntax)
    throw new StepthroughError(
      'E_PARSE',
      `The ${what} file ${path} is not valid JSON/YAML: ${syntax.message}`,
    );
  return doc.value ?? null;
}

/** Simple-form mocks as execute() takes them (it checks their keys); malformed ones refused here, naming their origin. */
function checkedMocks(value: unknown, origin: string): ExecuteOptions['mocks'] {
  simpleMocks(value, origin);
  return value as Record<string, unknown>;
}

function mocksOf(args: RunArgs, machineName: string): ExecuteOptions['mocks'] {
  const given = [args.mocks, args.mocksFile, args.mockConfigFile].filter((m) => m !== undefined).length;
  if (given > 1)
    throw new StepthroughError('E_USAGE', 'Give mocks as one of `mocks`, `mocksFile` or `mockConfigFile`.');
  // The simple form as given: execute() checks its keys against the machine (core/mocks/keys.ts).
  if (args.mocks !== undefined) return checkedMocks(args.mocks, 'mocks');
  if (args.mocksFile !== undefined) return checkedMocks(readData(args.mocksFile, 'mocks'), args.mocksFile);
  if (args.mockConfigFile !== undefined) {
    if (args.testCase === undefined)
      throw new StepthroughError('E_USAGE', '`mockConfigFile` needs `testCase`.');
    return mockConfigFile(
      readData(args.mockConfigFile, 'mock config'),
      machineName,
      args.testCase,
      args.mockConfigFile,
    );
  }
  return undefined;
}

export async function runTool(args: RunArgs): Promise<JsonObject> {
  const source = loadSource(args);
  const definition = validDefinition(source);
  const options: ExecuteOptions = { input: args.input ?? {}, stateMachineName: source.name };
  const mocks = mocksOf(args, source.name);
  if (mocks !== undefined) options.mocks = mocks;
  if (args.seed !== undefined) options.seed = args.seed;
  if (args.startTime !== undefined) options.startTime = args.startTime;
  if (args.executionName !== undefined) options.executionName = args.executionName;
  if (args.maxTransitions !== undefined) options.maxTransitions = args.maxTransitions;
  const policies = readPolicy(args);
  if (policies) options.authorizeTask = createTaskAuthorizer(policies.statements, {});
  const result = await execute(definition, options);
  const out: JsonObject = {
    status: result.status,
    path: result.events.flatMap((e) =>
      isStateEntered(e) && e.scope.length === 0 ? [e.stateEnteredEventDetails.name] : [],
    ),
    statesEntered: result.states,
    output: result.output,
  };
  if (result.error !== undefined) out.error = result.error;
  if (result.cause !== undefined) out.cause = result.cause;
  out.events = result.events.length;
  return out;
}

// --- test ------------------------------------------------------------------------------------------------------
export interface TestArgs {
  file: string;
  filter?: string;
}

export async function testTool(args: TestArgs): Promise<{ result: JsonObject; report: string }> {
  const path = resolvePath(args.file);
  const io = {
    readFile: (p: string) => readToolFile(p, 'test'),
    resolve: (from: string, rel: string) => resolve(dirname(from), rel),
  };
  readToolFile(path, 'test'); // a clear error for a missing or special file before loading
  const suite = await runLoadedFiles([loadTestFile(path, io)], args.filter ? { filter: args.filter } : {});
  const file = suite.files[0];
  if (file?.problems) {
    throw new StepthroughError(
      'E_INVALID_TEST_FILE',
      `${args.file} is not a valid test file:\n${file.problems.map((p) => `${args.file}:${p.line}:${p.column}: ${p.message}`).join('\n')}`,
      { hint: 'A test file has stateMachine and cases; schemas/sfn-test.schema.json describes it.' },
    );
  }
  const result: JsonObject = {
    file: args.file,
    totals: { ...suite.totals },
    cases: (file?.cases ?? []).map((c) => {
      const entry: JsonObject = {
        name: c.name,
        outcome: c.outcome,
        line: c.location.line,
        failures: c.failures.map((f) => `${f.check}: ${f.message}`),
      };
      if (c.execution) {
        entry.status = c.execution.status;
        entry.path = c.execution.path;
        if (c.execution.error !== undefined) entry.error = c.execution.error;
        if (c.execution.cause !== undefined) entry.cause = c.execution.cause;
      }
      return entry;
    }),
  };
  return { result, report: formatPretty(suite, { color: false }) };
}

// --- test_state ------------------------------------------------------------------------------------------------
export function testStateTool(request: TestStateCall): Promise<TestStateResponse> {
  return testState(request);
}

// --- graph -----------------------------------------------------------------------------------------------------
export interface GraphArgs extends DefinitionSource {
  direction?: MermaidDirection;
}

export function graphTool(args: GraphArgs): string {
  const { doc, label } = loadSource(args);
  const syntax = doc.diagnostics.find((d) => d.severity === 'error');
  if (syntax || !isJsonObject(doc.value)) {
    throw new StepthroughError(
      'E_PARSE',
      `${label} cannot be drawn: ${syntax ? syntax.message : 'it is not a JSON/YAML object'}`,
    );
  }
  return definitionToMermaid(doc.value, args.direction ?? 'TD');
}
