// Retry and Catch: each entry's fields and bounds, a non-empty ErrorEquals of strings, and States.ALL alone in
// its ErrorEquals and in the last entry. Catch targets are checked with the other transitions.
import type { AstNode, AstObject } from '../parse';
import { propertyAt } from '../parse';
import { type Site, type ValidationContext, describeKind, isEmptyList } from './context';
import { CATCH_FIELDS, type FieldTable, RETRY_FIELDS } from './fields';
import { checkFields, requireFields } from './objects';
import { checkFieldValue } from './values';

const ALL_ERRORS = 'States.ALL';

export function checkRetriers(ctx: ValidationContext, node: AstNode): void {
  checkEntries(ctx, undefined, node, 'Retry', RETRY_FIELDS, ['ErrorEquals']);
}

export function checkCatchers(ctx: ValidationContext, site: Site, node: AstNode): void {
  checkEntries(ctx, site, node, 'Catch', CATCH_FIELDS, ['ErrorEquals', 'Next']);
}

function checkEntries(
  ctx: ValidationContext,
  site: Site | undefined,
  node: AstNode,
  field: 'Retry' | 'Catch',
  table: FieldTable,
  required: readonly string[],
): void {
  if (node.kind !== 'array') return;
  const what = field === 'Retry' ? 'a Retry entry (retrier)' : 'a Catch entry (catcher)';
  const title = capitalize(what);
  const items = node.items;
  for (let index = 0; index < items.length; index++) {
    const entry = items[index] as AstNode;
    if (ctx.isPlaceholder(entry)) continue;
    if (entry.kind !== 'object') {
      ctx.report(
        'ASL103',
        entry.range,
        `Each ${field} entry must be an object with "ErrorEquals", not ${describeKind(entry)}`,
      );
      continue;
    }
    const accepted = checkFields(ctx, entry, { what, table, queryLanguage: site?.queryLanguage });
    requireFields(ctx, entry, required, anchor(entry), title);
    if (site) {
      for (const { property, spec, valueOk } of accepted) {
        if (valueOk && spec.role !== 'nested' && spec.role !== 'transition')
          checkFieldValue(ctx, site, property, spec);
      }
    }
    checkErrorEquals(ctx, entry, field, index === items.length - 1);
  }
}

function isAllErrors(item: AstNode): boolean {
  return item.kind === 'string' && item.value === ALL_ERRORS;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function anchor(entry: AstObject): { start: number; end: number } {
  const first = entry.properties[0];
  return first ? { start: entry.range.start, end: first.keyRange.end } : entry.range;
}

function checkErrorEquals(
  ctx: ValidationContext,
  entry: AstObject,
  field: 'Retry' | 'Catch',
  isLast: boolean,
): void {
  const errors = propertyAt(entry, 'ErrorEquals')?.value;
  if (!errors || ctx.isPlaceholder(errors)) return;
  if (errors.kind !== 'array') {
    ctx.report(
      'ASL103',
      errors.range,
      `"ErrorEquals" must be an array of error names such as ["States.TaskFailed"], not ${describeKind(errors)}`,
    );
    return;
  }
  if (isEmptyList(errors)) {
    ctx.report(
      'ASL106',
      errors.range,
      '"ErrorEquals" is empty: list at least one error name, e.g. "States.ALL"',
    );
    return;
  }
  for (const item of errors.items) {
    if (item.kind !== 'string' && !ctx.isPlaceholder(item)) {
      ctx.report(
        'ASL103',
        item.range,
        `Error names in "ErrorEquals" must be strings, not ${describeKind(item)}`,
      );
    }
  }
  const all = errors.items.find(isAllErrors);
  if (!all) return;
  if (errors.items.length > 1) {
    ctx.report(
      'ASL131',
      all.range,
      `"States.ALL" matches every error, so it must be the only name in its ErrorEquals: remove the other names or move them to an earlier ${field} entry`,
    );
  }
  if (!isLast) {
    ctx.report(
      'ASL130',
      all.range,
      `The ${field} entry with "States.ALL" must be the last one: the entries after it can never match; move it to the end`,
    );
  }
}
