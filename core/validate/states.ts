// Checks one state: its Type, its fields for that type and query language, the fields it requires, Next
// xor End, Wait's single duration, HeartbeatSeconds below TimeoutSeconds; then hands nested parts (Retry,
// Catch, Choices, Branches, Map objects) and field contents to their checks.
import type { AstNode, AstObject } from '../parse';
import { propertyAt } from '../parse';
import { checkChoices } from './choice';
import type { StateLocation } from '../model';
import { type Site, type ValidationContext, describeKind, isEmptyList, quote } from './context';
import { MACHINE_FIELDS, STATE_TYPES, fieldSpec, stateFieldTable } from './fields';
import { checkCredentials, checkMapState } from './map';
import { checkFields, requireFields } from './objects';
import { checkCatchers, checkRetriers } from './retry-catch';
import { closestMatch } from './suggest';
import { checkFieldValue } from './values';

/** States that go on with Next or stop with End. */
const FLOW_TYPES = new Set(['Task', 'Pass', 'Wait', 'Map', 'Parallel']);
const WAIT_FIELDS = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'];
const REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Task: ['Resource'],
  Choice: ['Choices'],
  Parallel: ['Branches'],
};

/** Per state type, why an unknown field is wrong (made once: a closure per state costs more than the check). */
const EXPLAIN_STATE_FIELD = new Map(
  STATE_TYPES.map((type) => [type, (key: string) => explainStateField(type, key)] as const),
);

export function checkState(ctx: ValidationContext, state: StateLocation): void {
  const { node, property } = state;
  if (!node) {
    if (property.value && !ctx.isPlaceholder(property.value)) {
      const misplaced = fieldSpec(MACHINE_FIELDS, state.name) && state.name !== 'States';
      const hint = misplaced
        ? `; ${quote(state.name)} looks like a top-level field: move it out of "States"`
        : '';
      ctx.report(
        'ASL103',
        property.value.range,
        `State ${quote(state.name)} must be an object with a "Type", not ${describeKind(property.value)}${hint}`,
      );
    }
    return;
  }
  const type = checkType(ctx, state, node);
  if (!type) return;
  const site: Site = { scope: state.scope, queryLanguage: state.queryLanguage };
  if (!state.scope.distributed) checkQueryLanguage(ctx, node);
  const accepted = checkFields(ctx, node, {
    what: `a ${type} state`,
    table: stateFieldTable(type) ?? {},
    queryLanguage: state.queryLanguage,
    explainUnknown: EXPLAIN_STATE_FIELD.get(type) ?? ((key) => explainStateField(type, key)),
  });
  for (const { property: field, spec, valueOk } of accepted) {
    if (!valueOk || !field.value || ctx.isPlaceholder(field.value)) continue;
    switch (field.key) {
      case 'Retry':
        checkRetriers(ctx, field.value);
        break;
      case 'Catch':
        checkCatchers(ctx, site, field.value);
        break;
      case 'Choices':
        checkChoices(ctx, site, field.value);
        break;
      case 'Branches':
        checkBranches(ctx, field.value);
        break;
      case 'Credentials':
        checkCredentials(ctx, site, field);
        break;
      default:
        if (spec.role !== 'nested') checkFieldValue(ctx, site, field, spec);
    }
  }
  requireFields(ctx, node, REQUIRED_FIELDS[type] ?? [], property.keyRange, `A ${type} state`);
  if (FLOW_TYPES.has(type)) checkNextOrEnd(ctx, state, node);
  if (type === 'Wait') checkWaitDuration(ctx, state, node);
  if (type === 'Task') checkHeartbeat(ctx, node);
  if (type === 'Map') checkMapState(ctx, site, state, node);
}

function checkType(ctx: ValidationContext, state: StateLocation, node: AstObject): string | undefined {
  const typeProperty = propertyAt(node, 'Type');
  const value = typeProperty?.value;
  if (!typeProperty || !value) {
    ctx.report(
      'ASL101',
      state.property.keyRange,
      `State ${quote(state.name)} must have a "Type": one of ${STATE_TYPES.join(', ')}`,
    );
    return undefined;
  }
  if (ctx.isPlaceholder(value)) return undefined;
  if (value.kind !== 'string') {
    ctx.report(
      'ASL103',
      value.range,
      `"Type" must be a string (one of ${STATE_TYPES.join(', ')}), not ${describeKind(value)}`,
    );
    return undefined;
  }
  const type = value.value as string;
  if (stateFieldTable(type)) return type;
  const match = closestMatch(type, STATE_TYPES);
  ctx.report(
    'ASL104',
    value.range,
    `${quote(type)} is not a state type${match ? `; did you mean ${quote(match)}?` : `: use one of ${STATE_TYPES.join(', ')}`}`,
  );
  return undefined;
}

/**
 * A state may not go back to JSONPath when the whole state machine uses JSONata. Not applied inside a
 * Distributed Map, whose states run as child executions (asl-validator's valid-map-with-item-batcher-jsonata).
 */
function checkQueryLanguage(ctx: ValidationContext, node: AstObject): void {
  const value = propertyAt(node, 'QueryLanguage')?.value;
  if (ctx.topQueryLanguage !== 'JSONata' || value?.kind !== 'string' || value.value !== 'JSONPath') return;
  ctx.report(
    'ASL404',
    value.range,
    'This state machine sets "QueryLanguage": "JSONata" at the top level, so its states cannot use JSONPath: remove this QueryLanguage and convert the state to JSONata, or drop the top-level setting',
  );
}

function explainStateField(type: string, key: string): string | undefined {
  if ((key === 'Next' || key === 'End') && (type === 'Succeed' || type === 'Fail')) {
    return `a ${type} state always ends the execution (or its branch); remove it`;
  }
  if ((key === 'Next' || key === 'End') && type === 'Choice') {
    return 'a Choice state goes where its Choices rules and Default point; remove it';
  }
  if (key === 'Assign' && (type === 'Succeed' || type === 'Fail'))
    return `${type} states cannot assign variables; remove it`;
  const owners = STATE_TYPES.filter((t) => {
    const table = stateFieldTable(t);
    return t !== type && table !== undefined && fieldSpec(table, key) !== undefined;
  });
  if (owners.length === 0) return undefined;
  return `it belongs to ${owners.join(', ')} states; remove it`;
}

function checkNextOrEnd(ctx: ValidationContext, state: StateLocation, node: AstObject): void {
  const next = propertyAt(node, 'Next');
  const end = propertyAt(node, 'End');
  const endValue = end?.value;
  const ends =
    endValue !== undefined &&
    ((endValue.kind === 'boolean' && endValue.value === true) || ctx.isPlaceholder(endValue));
  if (next && ends && end) {
    ctx.report(
      'ASL110',
      end.keyRange,
      `State ${quote(state.name)} has both "Next" and "End": true; a state either goes on or ends: remove one`,
    );
  } else if (!next && !ends) {
    if (endValue?.kind === 'boolean') {
      ctx.report(
        'ASL110',
        endValue.range,
        '"End": false does not end the state: use "End": true, or replace it with "Next"',
      );
    } else if (!end) {
      ctx.report(
        'ASL110',
        state.property.keyRange,
        `State ${quote(state.name)} needs "Next" (the state to run after it) or "End": true`,
      );
    }
  }
}

function checkWaitDuration(ctx: ValidationContext, state: StateLocation, node: AstObject): void {
  const present = node.properties.filter((p) => WAIT_FIELDS.includes(p.key));
  const list = 'Seconds, SecondsPath, Timestamp or TimestampPath';
  if (present.length === 0) {
    ctx.report(
      'ASL108',
      state.property.keyRange,
      `Wait state ${quote(state.name)} needs exactly one of ${list}`,
    );
    return;
  }
  for (const extra of present.slice(1)) {
    ctx.report(
      'ASL108',
      extra.keyRange,
      `A Wait state takes exactly one of ${list}; it already has ${quote(present[0]?.key ?? '')}: remove this one`,
    );
  }
}

function checkHeartbeat(ctx: ValidationContext, node: AstObject): void {
  const heartbeat = propertyAt(node, 'HeartbeatSeconds')?.value;
  const timeout = propertyAt(node, 'TimeoutSeconds')?.value;
  if (heartbeat?.kind !== 'number' || timeout?.kind !== 'number') return;
  if ((heartbeat.value as number) < (timeout.value as number)) return;
  ctx.report(
    'ASL111',
    heartbeat.range,
    `HeartbeatSeconds (${String(heartbeat.value)}) must be smaller than TimeoutSeconds (${String(timeout.value)}): lower it or raise TimeoutSeconds`,
  );
}

function checkBranches(ctx: ValidationContext, node: AstNode): void {
  if (node.kind !== 'array') return;
  if (isEmptyList(node)) {
    ctx.report(
      'ASL106',
      node.range,
      '"Branches" is empty: a Parallel state needs at least one branch ({"StartAt": ..., "States": {...}})',
    );
  }
  for (const branch of node.items) {
    if (branch.kind !== 'object' && !ctx.isPlaceholder(branch)) {
      ctx.report(
        'ASL103',
        branch.range,
        `Each branch must be an object with "StartAt" and "States", not ${describeKind(branch)}`,
      );
    }
  }
}
