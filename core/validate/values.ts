// Checks the content of a field the field table accepted, by what the field means: paths, templates,
// JSONata expressions, Assign, timestamps and Resource ARNs. Nested objects and transitions are checked by
// their own modules.
import { isTimestampString } from '../choice';
import type { AstProperty } from '../parse';
import { type Site, type ValidationContext, isJsonataString, quote } from './context';
import type { FieldSpec } from './fields';
import { checkJsonataString, checkJsonataTemplate } from './jsonata';
import { checkPath, checkPathOrIntrinsic, checkPayloadTemplate } from './paths';
import { checkResource } from './resource';
import { checkAssign } from './variables';

export function checkFieldValue(
  ctx: ValidationContext,
  site: Site,
  property: AstProperty,
  spec: FieldSpec,
): void {
  const node = property.value;
  if (!node) return;
  const field = property.key;
  const jsonata = site.queryLanguage === 'JSONata';
  // Any JSONata-capable field of a JSONata state: check the expression whatever the field's role.
  if (spec.jsonata && jsonata && node.kind === 'string') {
    checkJsonataString(ctx, site, node, field);
    const text = node.value as string;
    if (spec.role !== 'timestamp' || isJsonataString(node) || text.startsWith('{%') || text.endsWith('%}'))
      return;
  }
  switch (spec.role) {
    case 'path':
    case 'resultPath':
    case 'referencePath':
      if (node.kind === 'string' && !ctx.isPlaceholder(node)) {
        checkPath(
          ctx,
          site,
          node,
          field,
          spec.role === 'path' ? 'path' : spec.role === 'resultPath' ? 'result' : 'reference',
        );
      }
      return;
    case 'pathOrIntrinsic':
      checkPathOrIntrinsic(
        ctx,
        site,
        node,
        field,
        'reference',
        field === 'ErrorPath' || field === 'CausePath',
      );
      return;
    case 'template':
      if (jsonata) checkJsonataTemplate(ctx, site, node, field);
      else if (site.queryLanguage === 'JSONPath') checkPayloadTemplate(ctx, site, node, field);
      return;
    case 'jsonata':
      if (site.queryLanguage !== 'JSONPath') checkJsonataTemplate(ctx, site, node, field);
      return;
    case 'assign':
      checkAssign(ctx, site, property);
      return;
    case 'timestamp':
      if (node.kind === 'string' && !ctx.isPlaceholder(node) && !isTimestampString(node.value as string)) {
        const looksJsonata = (node.value as string).startsWith('{%');
        const hint = looksJsonata
          ? ': this state uses JSONPath, where {% %} is not evaluated; set "QueryLanguage": "JSONata" or use TimestampPath'
          : ', e.g. "2025-01-31T23:59:59Z" (uppercase T and Z, seconds required)';
        ctx.report('ASL112', node.range, `${quote(field)} must be an RFC 3339 timestamp${hint}`);
      }
      return;
    case 'resource':
      if (node.kind === 'string') checkResource(ctx, node);
      return;
    default:
      return;
  }
}
