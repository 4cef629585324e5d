// Workflow variables: the names Assign sets (valid identifiers, not the reserved `states`), the values it
// takes (a payload template in JSONPath, a JSONata template in JSONata), and reads of variables that no
// Assign in the same scope or an enclosing one ever sets.
import type { AstProperty } from '../parse';
import type { ScopeModel } from '../model';
import { type Site, type ValidationContext, quote } from './context';
import { checkJsonataTemplate } from './jsonata';
import { checkPathOrIntrinsic, checkPayloadTemplate, checkStrippedDuplicates } from './paths';
import { describeScope } from './scopes';
import { didYouMean } from './suggest';

/** AWS: variable names are Unicode identifiers of at most 80 characters. */
export const MAX_VARIABLE_NAME_LENGTH = 80;
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** Checks an `Assign` field (of a state, a Choice rule or a Catcher) and records the names it sets. */
export function checkAssign(ctx: ValidationContext, site: Site, property: AstProperty): void {
  const node = property.value;
  if (node?.kind !== 'object' || ctx.isPlaceholder(node)) return;
  const jsonata = site.queryLanguage === 'JSONata';
  if (site.queryLanguage === 'JSONPath') checkStrippedDuplicates(ctx, node);
  for (const entry of node.properties) {
    const dollar = entry.key.endsWith('.$');
    const name = dollar && !jsonata ? entry.key.slice(0, -2) : entry.key;
    checkVariableName(ctx, entry, name, jsonata);
    ctx.recordAssignment(site.scope, name);
    // With an invalid QueryLanguage (reported elsewhere) the names still count, the values are not checked.
    if (!entry.value || site.queryLanguage === undefined) continue;
    if (jsonata) checkJsonataTemplate(ctx, site, entry.value, 'Assign');
    else if (dollar) checkPathOrIntrinsic(ctx, site, entry.value, entry.key, 'path');
    else checkPayloadTemplate(ctx, site, entry.value, 'Assign');
  }
}

function checkVariableName(ctx: ValidationContext, entry: AstProperty, name: string, jsonata: boolean): void {
  if (name === '' || name === 'states' || name.length > MAX_VARIABLE_NAME_LENGTH) {
    const problem =
      name === ''
        ? 'the name is empty'
        : name === 'states'
          ? '$states is reserved by Step Functions; choose another name'
          : `variable names may be at most ${MAX_VARIABLE_NAME_LENGTH} characters long`;
    ctx.report('ASL501', entry.keyRange, `${quote(name)} is not a valid variable name: ${problem}`);
    return;
  }
  if (VARIABLE_NAME.test(name)) return;
  const fix = name.startsWith('$')
    ? 'write the name without the leading $'
    : jsonata && name.endsWith('.$')
      ? 'JSONata states take no .$ suffix: remove it and give a "{% %}" value'
      : 'use letters, digits and _ only, starting with a letter or _';
  ctx.report(
    'ASL503',
    entry.keyRange,
    `Variable ${quote(name)} can never be read, since $${name} is not a valid reference: ${fix}`,
  );
}

/** Warns about each variable read that no Assign of its scope or of an enclosing scope sets. */
export function checkVariableReads(ctx: ValidationContext): void {
  for (const read of ctx.variableReads) {
    if (isAssigned(ctx, read.scope, read.name)) continue;
    const visible = visibleNames(ctx, read.scope);
    const hint = didYouMean(read.name, visible);
    ctx.report(
      'ASL502',
      read.range,
      `Variable $${read.name} is read here, but no Assign in ${describeScope(read.scope)} or around it sets it` +
        (hint || ': assign it in an earlier state, or check the name'),
    );
  }
}

function isAssigned(ctx: ValidationContext, scope: ScopeModel, name: string): boolean {
  for (let current: ScopeModel | undefined = scope; current; current = current.parent) {
    if (ctx.assignments.get(current)?.has(name)) return true;
  }
  return false;
}

function visibleNames(ctx: ValidationContext, scope: ScopeModel): string[] {
  const names: string[] = [];
  for (let current: ScopeModel | undefined = scope; current; current = current.parent) {
    names.push(...(ctx.assignments.get(current) ?? []));
  }
  return names;
}
