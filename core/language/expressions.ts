// Completion inside expression strings: JSONata `{% %}` (`$states.*`, variables, JSONata functions) and
// JSONPath paths and intrinsics (`$$.` context object, `$variables`, `States.*` functions).
import type { OffsetRange } from '../diagnostics';
import { INTRINSIC_SIGNATURES } from '../intrinsics';
import type { IntrinsicSignature } from '../intrinsics';
import type { DefinitionModel, ScopeModel, StateLocation } from '../model';
import type { AstObject, ParsedDocument } from '../parse';
import { propertyAt } from '../parse';
import { JSONATA_FUNCTIONS } from './jsonata-functions';
import type { CompletionCandidate } from './types';

/** `$states` in JSONata. */
export const STATES_PROPERTIES: Readonly<Record<string, string>> = {
  input: "The state's input (what `InputPath` gave in JSONPath).",
  result: 'The task, Map or Parallel result (in Output and Assign of those states).',
  errorOutput: 'The error output `{"Error", "Cause"}` (in a Catch\'s Output and Assign).',
  context: 'The context object: Execution, State, StateMachine, Task, Map.',
};

/** The context object (`$$` in JSONPath, `$states.context` in JSONata), as dotted paths. */
export const CONTEXT_FIELDS: Readonly<Record<string, string>> = {
  Execution: 'The execution: Id, Input, Name, RoleArn, StartTime, RedriveCount, RedriveTime.',
  'Execution.Id': 'The execution ARN.',
  'Execution.Input': 'The execution input.',
  'Execution.Name': 'The execution name.',
  'Execution.RoleArn': "The state machine's IAM role ARN.",
  'Execution.StartTime': 'When the execution started (ISO 8601).',
  'Execution.RedriveCount': 'How many times the execution was redriven.',
  'Execution.RedriveTime': 'When the execution was last redriven.',
  State: 'The current state: Name, EnteredTime, RetryCount.',
  'State.Name': "The current state's name.",
  'State.EnteredTime': 'When the state was entered (ISO 8601).',
  'State.RetryCount': 'How many times the state was retried.',
  StateMachine: 'The state machine: Id, Name.',
  'StateMachine.Id': 'The state machine ARN.',
  'StateMachine.Name': 'The state machine name.',
  Task: 'The current task: Token.',
  'Task.Token': 'The task token, for `.waitForTaskToken` integrations.',
  Map: "Inside a Map's ItemSelector: the current item.",
  'Map.Item': 'The current item: Index, Value (and Key and Source for some readers).',
  'Map.Item.Index': 'The zero-based index of the item.',
  'Map.Item.Value': 'The item.',
  'Map.Item.Key': 'The key of the item, when iterating over a JSON object.',
  'Map.Item.Source': 'Where the item came from (distributed Map).',
};

/** A variable assigned in a scope, for completion and hover. */
export interface AssignedVariable {
  name: string;
  /** The states whose Assign sets it. */
  states: StateLocation[];
}

function assignObjects(node: AstObject): AstObject[] {
  const out: AstObject[] = [];
  const own = propertyAt(node, 'Assign')?.value;
  if (own?.kind === 'object') out.push(own);
  for (const list of ['Catch', 'Choices']) {
    const items = propertyAt(node, list)?.value;
    if (items?.kind !== 'array') continue;
    for (const item of items.items) {
      const assign = item.kind === 'object' ? propertyAt(item, 'Assign')?.value : undefined;
      if (assign?.kind === 'object') out.push(assign);
    }
  }
  return out;
}

/** Variables a state in `scope` can read: those assigned in its scope and in every enclosing scope. */
export function variablesInScope(scope: ScopeModel | undefined): AssignedVariable[] {
  const byName = new Map<string, AssignedVariable>();
  for (let current = scope; current; current = current.parent) {
    for (const state of current.states) {
      if (!state.node) continue;
      for (const assign of assignObjects(state.node)) {
        for (const property of assign.properties) {
          const name = property.key.endsWith('.$') ? property.key.slice(0, -2) : property.key;
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
          const entry = byName.get(name);
          if (entry) {
            if (!entry.states.includes(state)) entry.states.push(state);
          } else byName.set(name, { name, states: [state] });
        }
      }
    }
  }
  return [...byName.values()];
}

/** The scope of the state at a path (the top-level scope outside any state). */
export function scopeForState(
  model: DefinitionModel,
  state: StateLocation | undefined,
): ScopeModel | undefined {
  return state ? state.scope : model.scopes[0];
}

export function intrinsicLabel(signature: IntrinsicSignature): string {
  const params = signature.params
    .map((p) => `${p.variadic ? '...' : ''}${p.name}${p.optional ? '?' : ''}: ${p.type}`)
    .join(', ');
  return `${signature.name}(${params}): ${signature.returns}`;
}

function intrinsicSnippet(signature: IntrinsicSignature): string {
  const params = signature.params.filter((p) => !p.optional).map((p, i) => `\${${i + 1}:${p.name}}`);
  return `${signature.name}(${params.join(', ')})`;
}

export interface ExpressionSite {
  kind: 'jsonata' | 'jsonpath';
  /** JSONPath sites where an intrinsic function may stand (payload template `.$` values, ErrorPath...). */
  intrinsics: boolean;
  scope: ScopeModel | undefined;
}

/** Candidates for the word being typed at `offset` inside an expression string. */
export function expressionCompletions(
  doc: ParsedDocument,
  offset: number,
  word: OffsetRange,
  site: ExpressionSite,
): CompletionCandidate[] {
  const typed = doc.text.slice(word.start, offset);
  const range = word;
  const out: CompletionCandidate[] = [];
  const add = (
    label: string,
    kind: CompletionCandidate['kind'],
    detail: string,
    documentation?: string,
    insert?: string,
    snippet = false,
  ): void => {
    out.push({
      label,
      kind,
      detail,
      documentation,
      insertText: insert ?? label,
      snippet,
      range,
      filterText: label,
    });
  };
  const variables = variablesInScope(site.scope);
  const describeVariable = (v: AssignedVariable): string =>
    `Assigned in ${v.states.map((s) => JSON.stringify(s.name)).join(', ')}`;

  if (site.kind === 'jsonata') {
    const contextPrefix = '$states.context.';
    if (typed.startsWith(contextPrefix)) {
      for (const [path, doc_] of Object.entries(CONTEXT_FIELDS))
        add(`${contextPrefix}${path}`, 'property', 'context object', doc_);
      return out;
    }
    if (typed.startsWith('$states.')) {
      for (const [name, doc_] of Object.entries(STATES_PROPERTIES))
        add(`$states.${name}`, 'property', '$states', doc_);
      return out;
    }
    if (typed.includes('.')) return out;
    add(
      '$states',
      'variable',
      'reserved variable',
      "The state's data: `input`, `result`, `errorOutput`, `context`.",
    );
    for (const v of variables) add(`$${v.name}`, 'variable', 'workflow variable', describeVariable(v));
    for (const fn of JSONATA_FUNCTIONS) {
      const documentation = fn.aws ? `${fn.description} (added by Step Functions)` : fn.description;
      add(
        `$${fn.name}`,
        'function',
        `$${fn.name}${fn.params}`,
        documentation,
        // `\$`: a bare `$name` in a snippet is a snippet variable, not text.
        fn.params === '()' ? `\\$${fn.name}()` : `\\$${fn.name}($1)`,
        true,
      );
    }
    return out;
  }

  if (typed.startsWith('$$')) {
    for (const [path, doc_] of Object.entries(CONTEXT_FIELDS))
      add(`$$.${path}`, 'property', 'context object', doc_);
    return out;
  }
  if (typed.startsWith('$') || typed === '') {
    if (typed.includes('.') || typed.includes('[')) return out;
    add('$', 'variable', 'the state input', 'The effective input of the state.');
    add('$$', 'variable', 'the context object', 'Execution, State, StateMachine, Task and Map data.');
    for (const v of variables) add(`$${v.name}`, 'variable', 'workflow variable', describeVariable(v));
    if (typed !== '') return out;
  }
  if (site.intrinsics) {
    for (const signature of INTRINSIC_SIGNATURES.values()) {
      add(
        signature.name,
        'function',
        intrinsicLabel(signature),
        signature.description,
        intrinsicSnippet(signature),
        true,
      );
    }
  }
  return out;
}
