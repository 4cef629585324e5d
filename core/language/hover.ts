// Hover: documentation of the field under the cursor, and for a state (its name, or a Next naming it) its
// type, what enters it and where it goes; inside strings, intrinsics, JSONata functions, `$states` and variables.
import {
  type DefinitionModel,
  type ScopeModel,
  type StateLocation,
  type TransitionRef,
  definitionModel,
  enclosingState,
  incomingTransitions,
  outgoingTransitions,
  stateNameAt,
  transitionAt,
  transitionTarget,
} from '../model';
import type { AstObject, ParsedDocument } from '../parse';
import { nodeAtOffset, nodeAtPath, propertyAt } from '../parse';
import { INTRINSIC_SIGNATURES } from '../intrinsics';
import {
  CONTEXT_FIELDS,
  STATES_PROPERTIES,
  intrinsicLabel,
  scopeForState,
  variablesInScope,
} from './expressions';
import { ERROR_NAMES, STATE_TYPE_DOCS, fieldDocumentation } from './field-docs';
import { jsonataFunction } from './jsonata-functions';
import { classifyPath, stateQueryLanguage } from './objects';
import { ITEM_READER_RESOURCES, RESULT_WRITER_RESOURCES, TASK_RESOURCES } from './resources';
import { wordAround } from './text';
import type { HoverInfo } from './types';

export function hoverAt(doc: ParsedDocument, offset: number): HoverInfo | undefined {
  if (!doc.ast) return undefined;
  const model = definitionModel(doc);
  const named = stateNameAt(model, offset);
  if (named) return { markdown: stateSummary(model, named), range: named.nameRange };
  const transition = transitionAt(model, offset);
  if (transition) {
    const target = transitionTarget(transition);
    const markdown = target
      ? stateSummary(model, target)
      : `No state named \`${transition.target}\` in ${describeScope(transition.scope)}.`;
    return { markdown, range: transition.node.range };
  }
  const hit = nodeAtOffset(doc.ast, offset);
  if (!hit) return undefined;
  if (hit.inKey && hit.property && hit.node.kind === 'object') {
    const kind = classifyPath(hit.path);
    const docs = fieldDocumentation(hit.property.key, kind);
    if (!docs || kind === 'template' || kind === 'other') return undefined;
    return { markdown: `**${hit.property.key}**\n\n${docs}`, range: hit.property.keyRange };
  }
  if (hit.node.kind !== 'string') return undefined;
  const value = hit.node.value as string;
  const key = hit.path[hit.path.length - 1];
  const ownerPath = hit.path.slice(0, -1);
  const ownerKind = classifyPath(ownerPath);
  if (
    key === 'Type' &&
    ownerKind === 'state' &&
    Object.prototype.hasOwnProperty.call(STATE_TYPE_DOCS, value)
  ) {
    return { markdown: `**${value} state**\n\n${STATE_TYPE_DOCS[value]}`, range: hit.node.range };
  }
  if (typeof key === 'number' && ownerPath[ownerPath.length - 1] === 'ErrorEquals' && ERROR_NAMES[value]) {
    return { markdown: `**${value}**\n\n${ERROR_NAMES[value]}`, range: hit.node.range };
  }
  if (key === 'Resource') {
    const resource = resourceDescription(value);
    if (resource) return { markdown: resource, range: hit.node.range };
  }
  const word = wordAround(doc.text, offset);
  const text = doc.text.slice(word.start, word.end);
  const state = enclosingState(model, hit.path);
  const markdown = expressionHover(model, text, value.startsWith('{%'), state);
  return markdown ? { markdown, range: word } : undefined;
}

function resourceDescription(arn: string): string | undefined {
  const known = [...TASK_RESOURCES, ...ITEM_READER_RESOURCES, ...RESULT_WRITER_RESOURCES].find(
    (r) => r.arn === arn,
  );
  if (known) return `**${arn}**\n\n${known.description}`;
  const sdk = /^arn:[^:]+:states:::aws-sdk:([^:]+):([^.:]+)(\.waitForTaskToken)?$/.exec(arn);
  if (sdk)
    return `AWS SDK integration: calls the \`${sdk[2] ?? ''}\` API of \`${sdk[1] ?? ''}\`${sdk[3] ? ', then waits for a callback with the task token' : ''}.`;
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(arn))
    return "Invokes this Lambda function directly; the state result is the function's result.";
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(arn))
    return 'An activity: a worker polls for the task and reports its result.';
  return undefined;
}

function expressionHover(
  model: DefinitionModel,
  word: string,
  jsonata: boolean,
  state: StateLocation | undefined,
): string | undefined {
  const callName = word.replace(/\.$/, '');
  const signature = INTRINSIC_SIGNATURES.get(callName);
  if (signature) return `\`\`\`\n${intrinsicLabel(signature)}\n\`\`\`\n${signature.description}`;
  const contextPath = word.startsWith('$states.context.')
    ? word.slice('$states.context.'.length)
    : word.startsWith('$$.')
      ? word.slice(3)
      : undefined;
  if (contextPath !== undefined && CONTEXT_FIELDS[contextPath])
    return `**${word}** (context object)\n\n${CONTEXT_FIELDS[contextPath]}`;
  if (word.startsWith('$states.')) {
    const name = word.slice('$states.'.length).split('.')[0] ?? '';
    const docs = STATES_PROPERTIES[name];
    if (docs) return `**$states.${name}**\n\n${docs}`;
  }
  if (!word.startsWith('$') || word.startsWith('$.') || word === '$' || word.startsWith('$$'))
    return undefined;
  const name = word.slice(1).split('.')[0] ?? '';
  const variable = variablesInScope(scopeForState(model, state)).find((v) => v.name === name);
  if (variable) {
    const where = variable.states.map((s) => `\`${s.name}\``).join(', ');
    return `**$${name}** (workflow variable)\n\nAssigned by ${where}.`;
  }
  if (jsonata || stateQueryLanguage(model, state) === 'JSONata') {
    const fn = jsonataFunction(name);
    if (fn)
      return `\`\`\`\n$${fn.name}${fn.params}\n\`\`\`\n${fn.description}${fn.aws ? ' (added by Step Functions)' : ''}`;
  }
  return undefined;
}

export function describeScope(scope: ScopeModel): string {
  if (!scope.owner) return 'the top level';
  if (typeof scope.key === 'number') return `branch ${scope.key + 1} of \`${scope.owner.name}\``;
  return `the iterator of \`${scope.owner.name}\``;
}

function describeIncoming(ref: TransitionRef): string {
  if (ref.field === 'StartAt')
    return ref.scope.owner ? `start of ${describeScope(ref.scope)}` : 'start of the state machine';
  const from = `\`${ref.from?.name ?? '?'}\``;
  if (ref.field === 'ChoiceNext') return `${from} (Choice rule ${(ref.index ?? 0) + 1})`;
  if (ref.field === 'Default') return `${from} (Default)`;
  if (ref.field === 'CatchNext') return `${from} (Catch ${errorNames(ref.entry).join(', ') || '?'})`;
  return from;
}

function describeOutgoing(ref: TransitionRef, target: StateLocation | undefined): string {
  const name = target ? `\`${target.name}\`` : `\`${ref.target}\` (missing)`;
  if (ref.field === 'ChoiceNext') return `${name} (rule ${(ref.index ?? 0) + 1})`;
  if (ref.field === 'Default') return `${name} (Default)`;
  if (ref.field === 'CatchNext') return `${name} (on ${errorNames(ref.entry).join(', ') || '?'})`;
  return name;
}

/** The ErrorEquals names of a Catch or Retry entry, for descriptions. */
function errorNames(entry: AstObject | undefined): string[] {
  const list = entry ? propertyAt(entry, 'ErrorEquals')?.value : undefined;
  if (list?.kind !== 'array') return [];
  return list.items.flatMap((item) => (item.kind === 'string' ? [item.value as string] : []));
}

function retrySummary(node: AstObject | undefined): string | undefined {
  const retry = node ? propertyAt(node, 'Retry')?.value : undefined;
  if (retry?.kind !== 'array' || retry.items.length === 0) return undefined;
  const parts = retry.items.map((item) => {
    if (item.kind !== 'object') return '?';
    const attempts = nodeAtPath(item, ['MaxAttempts']);
    const count = attempts?.kind === 'number' ? attempts.value : 3;
    return `${errorNames(item).join(', ') || '?'} up to ${String(count)}×`;
  });
  return `**Retries:** ${parts.join('; ')}`;
}

/** Markdown describing a state: type, query language, comment, predecessors, successors, retries. */
export function stateSummary(model: DefinitionModel, state: StateLocation): string {
  const lines: string[] = [];
  const language = stateQueryLanguage(model, state);
  const type = state.type ?? 'untyped';
  lines.push(`**${state.name}** — ${type} state (${language})`);
  const comment = state.node ? propertyAt(state.node, 'Comment')?.value : undefined;
  if (comment?.kind === 'string') lines.push(String(comment.value));
  const scope = state.scope;
  if (scope.owner) lines.push(`In ${describeScope(scope)}.`);
  const incoming = incomingTransitions(state).map(describeIncoming);
  lines.push(`**Enters from:** ${incoming.length > 0 ? incoming.join(' · ') : 'nothing (unreachable)'}`);
  const outgoing = outgoingTransitions(state).map((ref) => describeOutgoing(ref, transitionTarget(ref)));
  const end = state.node ? propertyAt(state.node, 'End')?.value : undefined;
  if (end?.kind === 'boolean' && end.value)
    outgoing.push(scope.owner ? `ends ${describeScope(scope)}` : 'ends the execution');
  if (type === 'Succeed') outgoing.push('ends successfully');
  if (type === 'Fail') outgoing.push('fails the execution');
  lines.push(
    `**Goes to:** ${outgoing.length > 0 ? outgoing.join(' · ') : 'nowhere (add Next or "End": true)'}`,
  );
  const retries = retrySummary(state.node);
  if (retries) lines.push(retries);
  return lines.join('\n\n');
}
