// The editor feature handlers: each reads the parsed document, asks core/language, and maps the answer to
// LSP. Every handler is guarded: an exception is logged and answered with an empty result.
import {
  ResponseError,
  ErrorCodes,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type Connection,
  type DefinitionParams,
  type DocumentFormattingParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type FoldingRange,
  type FoldingRangeParams,
  type Hover,
  type HoverParams,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/diagnostics';
import {
  completionsAt,
  definitionAt,
  documentSymbols,
  foldingRanges,
  formatJson,
  hoverAt,
  prepareRename,
  quickFixes,
  referencesAt,
  renameState,
} from '../core/language';
import {
  toCodeAction,
  toCompletionItem,
  toDocumentSymbol,
  toFoldingRange,
  toLspDiagnostic,
  toTextEdit,
  DIAGNOSTIC_SOURCE,
} from './convert';
import type { DiagnosticsPublisher } from './diagnostics';
import type { DocumentStore } from './documents';
import { STEPTHROUGH_REQUEST_METHOD, type StepthroughResponse, isStepthroughRequest } from './protocol';
import { answerRequest } from './requests';
import { templateCompletions } from './templateCompletion';
import { templateHover } from './templateHover';
import type { TemplateDocuments } from './templates';
import { type ErrorLog, guarded } from './safety';

export interface FeatureOptions {
  /** Whether the client accepts snippet syntax in completion items. */
  snippets: () => boolean;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']): boolean =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameDiagnostic(core: Diagnostic, lsp: CodeActionParams['context']['diagnostics'][number]): boolean {
  return (
    String(lsp.code) === core.code &&
    lsp.range.start.line === core.range.start.line &&
    lsp.range.start.character === core.range.start.character &&
    lsp.range.end.line === core.range.end.line &&
    lsp.range.end.character === core.range.end.character
  );
}

export function registerFeatures(
  connection: Connection,
  store: DocumentStore,
  publisher: DiagnosticsPublisher,
  templates: TemplateDocuments,
  log: ErrorLog,
  options: FeatureOptions,
): void {
  const docFor = (uri: string): ReturnType<DocumentStore['stateMachine']> => store.stateMachine(uri);

  connection.onCompletion(
    guarded(log, 'completion', [] as CompletionItem[], (params: CompletionParams) => {
      const doc = docFor(params.textDocument.uri);
      const snippets = options.snippets();
      if (!doc) return templateCompletions(store, templates, params, snippets);
      const offset = doc.lines.offsetAt(params.position);
      return completionsAt(doc, offset).map((candidate) =>
        toCompletionItem(doc.lines, candidate, offset, snippets),
      );
    }),
  );

  connection.onHover(
    guarded(log, 'hover', null as Hover | null, async (params: HoverParams) => {
      const doc = docFor(params.textDocument.uri);
      if (!doc) return templateHover(store, templates, params);
      const hover = hoverAt(doc, doc.lines.offsetAt(params.position));
      if (!hover) return null;
      return { contents: { kind: 'markdown', value: hover.markdown }, range: doc.lines.rangeOf(hover.range) };
    }),
  );

  connection.onDefinition(
    guarded(log, 'definition', [] as Location[], (params: DefinitionParams) => {
      const doc = docFor(params.textDocument.uri);
      if (!doc) return [];
      return definitionAt(doc, doc.lines.offsetAt(params.position)).map((range) => ({
        uri: params.textDocument.uri,
        range: doc.lines.rangeOf(range),
      }));
    }),
  );

  connection.onReferences(
    guarded(log, 'references', [] as Location[], (params: ReferenceParams) => {
      const doc = docFor(params.textDocument.uri);
      if (!doc) return [];
      const offset = doc.lines.offsetAt(params.position);
      return referencesAt(doc, offset, params.context.includeDeclaration).map((range) => ({
        uri: params.textDocument.uri,
        range: doc.lines.rangeOf(range),
      }));
    }),
  );

  connection.onPrepareRename(
    guarded(
      log,
      'prepareRename',
      null as { range: Range; placeholder: string } | null,
      (params: PrepareRenameParams) => {
        const doc = docFor(params.textDocument.uri);
        if (!doc) return null;
        const prepared = prepareRename(doc, doc.lines.offsetAt(params.position));
        return prepared
          ? { range: doc.lines.rangeOf(prepared.range), placeholder: prepared.placeholder }
          : null;
      },
    ),
  );

  connection.onRenameRequest(
    guarded(log, 'rename', null as WorkspaceEdit | ResponseError | null, (params: RenameParams) => {
      const doc = docFor(params.textDocument.uri);
      if (!doc) return null;
      const outcome = renameState(doc, doc.lines.offsetAt(params.position), params.newName);
      if (!outcome.ok) return new ResponseError(ErrorCodes.InvalidParams, outcome.message);
      return {
        changes: { [params.textDocument.uri]: outcome.edits.map((edit) => toTextEdit(doc.lines, edit)) },
      };
    }),
  );

  connection.onDocumentSymbol(
    guarded(log, 'documentSymbol', [] as DocumentSymbol[], (params: DocumentSymbolParams) => {
      const doc = docFor(params.textDocument.uri);
      return doc ? documentSymbols(doc).map((node) => toDocumentSymbol(doc.lines, node)) : [];
    }),
  );

  connection.onFoldingRanges(
    guarded(log, 'foldingRange', [] as FoldingRange[], (params: FoldingRangeParams) => {
      const doc = docFor(params.textDocument.uri);
      return doc ? foldingRanges(doc).map(toFoldingRange) : [];
    }),
  );

  connection.onDocumentFormatting(
    guarded(log, 'formatting', [] as TextEdit[], (params: DocumentFormattingParams) => {
      const doc = docFor(params.textDocument.uri);
      if (!doc) return [];
      const { tabSize, insertSpaces } = params.options;
      return formatJson(doc, { tabSize, insertSpaces }).map((edit) => toTextEdit(doc.lines, edit));
    }),
  );

  connection.onCodeAction(
    guarded(log, 'codeAction', [] as CodeAction[], (params: CodeActionParams) => {
      const uri = params.textDocument.uri;
      const doc = docFor(uri);
      if (!doc) return [];
      const only = params.context.only;
      if (only && !only.some((kind) => kind === 'quickfix' || kind === '')) return [];
      const requested = params.context.diagnostics.filter(
        (d) => d.source === undefined || d.source === DIAGNOSTIC_SOURCE,
      );
      const current = publisher.diagnosticsFor(uri);
      // The diagnostics the client sent, when they are still current; else every current one in the range.
      let targets = current.filter((core) => requested.some((lsp) => sameDiagnostic(core, lsp)));
      if (targets.length === 0) targets = current.filter((core) => overlaps(core.range, params.range));
      return quickFixes(doc, targets).map((fix) => {
        const lsp = fix.diagnostic ? [toLspDiagnostic(fix.diagnostic)] : [];
        return toCodeAction(doc.lines, uri, fix, lsp);
      });
    }),
  );

  connection.onRequest(
    STEPTHROUGH_REQUEST_METHOD,
    guarded(
      log,
      STEPTHROUGH_REQUEST_METHOD,
      null as StepthroughResponse | ResponseError | null,
      (request: unknown) =>
        isStepthroughRequest(request)
          ? answerRequest(store, templates, request)
          : new ResponseError(ErrorCodes.InvalidParams, 'Not a Stepthrough request: see server/protocol.ts.'),
    ),
  );
}
