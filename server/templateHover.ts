// Hover inside a template's state machine (a SAM/CloudFormation inline `Definition`, a serverless
// `definition`): the position in the template maps into the machine's resolved definition, core/language's
// hoverAt answers there as in a definition file, and its range maps back into the template
// (`sourceRange`). A value maps through core/model's `definitionOffset`; a key (a state's name, a field)
// through its path under the definition in the template, since the source map places values only. A
// place no machine's definition covers gets no hover.

import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { hoverAt } from '../core/language';
import { definitionOffset, sourceRange } from '../core/model';
import { nodeAtOffset, nodeAtPath, propertyAt, type ParsedDocument } from '../core/parse';
import type { TemplateMachine } from '../core/templates';
import type { DocumentStore } from './documents';
import type { TemplateDocuments } from './templates';

export async function templateHover(
  store: DocumentStore,
  templates: TemplateDocuments,
  params: HoverParams,
): Promise<Hover | null> {
  const open = store.get(params.textDocument.uri);
  if (!open?.isTemplate) return null;
  const loaded = await templates.template(open);
  const offset = loaded.lines.offsetAt(params.position);
  for (const { machine, model } of loaded.machines) {
    if (!model) continue;
    const at =
      keyOffset(open.parsed, loaded.file, machine, model.source.document, offset) ??
      definitionOffset(model, loaded.file, offset);
    if (at === undefined) continue;
    const hover = hoverAt(model.source.document, at);
    if (!hover) return null;
    const place = sourceRange(model, hover.range);
    const contents = { kind: 'markdown' as const, value: hover.markdown };
    if (place?.file !== loaded.file) return { contents };
    return {
      contents,
      range: { start: loaded.lines.positionAt(place.start), end: loaded.lines.positionAt(place.end) },
    };
  }
  return null;
}

/**
 * The offset in the definition's text of the key under `offset` in the template, when `offset` is on a
 * key inside the machine's definition as written in `file` (an inline definition); else undefined.
 */
function keyOffset(
  template: ParsedDocument,
  file: string,
  machine: TemplateMachine,
  definition: ParsedDocument,
  offset: number,
): number | undefined {
  const root = machine.sourceMap.find((entry) => entry.path.length === 0 && entry.location.file === file);
  if (!root || !template.ast || !definition.ast) return undefined;
  if (offset < root.location.start || offset > root.location.end) return undefined;
  const rootHit = nodeAtOffset(template.ast, root.location.start);
  const hit = nodeAtOffset(template.ast, offset);
  if (!rootHit || !hit?.inKey || !hit.property) return undefined;
  const prefix = rootHit.path;
  if (hit.path.length < prefix.length || prefix.some((segment, i) => hit.path[i] !== segment))
    return undefined;
  const owner = nodeAtPath(definition.ast, hit.path.slice(prefix.length));
  if (owner?.kind !== 'object') return undefined;
  return propertyAt(owner, hit.property.key)?.keyRange.start;
}
