// Completion inside a template's state machine written inline (a SAM/CloudFormation `Definition`, a
// serverless `definition`): the machine's part of the template, seen as a document of its own
// (core/parse's subtreeDocument), gets core/language's completions as a definition file does. Its
// offsets are the template's, so what is offered replaces text in the template as it is, in the
// template's own syntax; a place outside every inline machine gets nothing.

import type { CompletionItem, CompletionParams } from 'vscode-languageserver/node';
import { completionsAt } from '../core/language';
import { nodeAtOffset, subtreeDocument, type AstNode, type ParsedDocument } from '../core/parse';
import { toCompletionItem } from './convert';
import type { DocumentStore } from './documents';
import type { TemplateDocuments } from './templates';

export async function templateCompletions(
  store: DocumentStore,
  templates: TemplateDocuments,
  params: CompletionParams,
  snippets: boolean,
): Promise<CompletionItem[]> {
  const open = store.get(params.textDocument.uri);
  if (!open?.isTemplate) return [];
  const loaded = await templates.template(open);
  const template = open.parsed;
  const offset = template.lines.offsetAt(params.position);
  for (const { machine } of loaded.machines) {
    const at = machine.definitionLocation;
    if (at?.file !== loaded.file) continue;
    const definition = inlineDefinition(template, at.start);
    if (!definition) continue;
    const candidates = completionsAt(subtreeDocument(template, definition), offset);
    if (candidates.length > 0)
      return candidates.map((candidate) => toCompletionItem(template.lines, candidate, offset, snippets));
  }
  return [];
}

/** The object written at `start` in the template (an inline definition), or undefined (a string, a file's). */
function inlineDefinition(template: ParsedDocument, start: number): AstNode | undefined {
  if (!template.ast) return undefined;
  const hit = nodeAtOffset(template.ast, start);
  const node = hit?.node;
  return node?.kind === 'object' && node.range.start === start ? node : undefined;
}
