// Checks the containers of states: the top level of the definition, each Parallel branch and each Map
// ItemProcessor/Iterator (their fields, StartAt and States present, States not empty, ProcessorConfig).
import type { OffsetRange } from '../diagnostics';
import type { ScopeModel } from '../model';
import { type ValidationContext, describeKind } from './context';
import { BRANCH_FIELDS, type FieldTable, MACHINE_FIELDS, PROCESSOR_FIELDS } from './fields';
import { checkProcessorConfig } from './map';
import { checkFields, requireFields } from './objects';

export function checkScope(ctx: ValidationContext, scope: ScopeModel): void {
  const [table, what] = describe(scope);
  checkFields(ctx, scope.container, {
    what,
    table,
    queryLanguage: undefined,
    explainUnknown: EXPLAIN_BY_KIND[scope.kind],
  });
  requireFields(ctx, scope.container, ['StartAt', 'States'], anchor(scope), capitalize(what));
  const states = scope.statesProperty?.value;
  if (states && states.kind !== 'object' && !ctx.isPlaceholder(states)) {
    ctx.report(
      'ASL103',
      states.range,
      `"States" must be an object of named states, not ${describeKind(states)}`,
    );
  } else if (states?.kind === 'object' && states.properties.length === 0) {
    ctx.report(
      'ASL106',
      states.range,
      '"States" is empty: add at least one state, e.g. "Done": {"Type": "Succeed"}',
    );
  }
  if (scope.kind === 'processor') checkProcessorConfig(ctx, scope);
}

function describe(scope: ScopeModel): [FieldTable, string] {
  switch (scope.kind) {
    case 'top':
      return [MACHINE_FIELDS, 'the state machine'];
    case 'branch':
      return [BRANCH_FIELDS, 'a Parallel branch'];
    default:
      return [PROCESSOR_FIELDS, 'a Map ItemProcessor'];
  }
}

/** Per kind of scope, why an unknown field is wrong (made once rather than a closure per scope). */
const EXPLAIN_BY_KIND: Readonly<Record<ScopeModel['kind'], (key: string) => string | undefined>> = {
  top: (key) => explain('top', key),
  branch: (key) => explain('branch', key),
  processor: (key) => explain('processor', key),
};

function explain(kind: ScopeModel['kind'], key: string): string | undefined {
  if (key === 'QueryLanguage' && kind !== 'top') {
    return 'the query language is set on the state machine or on each state, not on a branch or ItemProcessor; set it on the states inside';
  }
  if (key === 'ProcessorConfig' && kind !== 'processor')
    return 'only a Map ItemProcessor has a ProcessorConfig';
  if (key === 'Type' && kind === 'top')
    return 'the top level holds "StartAt" and "States"; put the state inside "States"';
  return undefined;
}

/** Where a missing StartAt/States is reported: the ItemProcessor key, else the container's opening brace. */
function anchor(scope: ScopeModel): OffsetRange {
  const owner = scope.owner?.node;
  if (scope.kind === 'processor' && owner) {
    const property = owner.properties.find((p) => p.value === scope.container);
    if (property) return property.keyRange;
  }
  return { start: scope.container.range.start, end: scope.container.range.start + 1 };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
