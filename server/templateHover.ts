// Hover inside a template's state machine (a SAM/CloudFormation inline `Definition`, a serverless
// `definition`): the position in the template maps into the machine's resolved definition, core/language's
// hoverAt answers there as in a definition file, and its range maps back into the template
// (`sourceRange`). A key (a state's name, a field) maps through core/model's `definitionKeyOffset`, a
// value through its `definitionOffset`. A place no machine's definition covers gets no hover.

import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { hoverAt } from '../core/language';
import { definitionKeyOffset, definitionOffset, sourceRange } from '../core/model';
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
  for (const { model } of loaded.machines) {
    if (!model) continue;
    const at =
      definitionKeyOffset(model, open.parsed, loaded.file, offset) ??
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
