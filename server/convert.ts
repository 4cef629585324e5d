// Maps core's offsets-and-plain-data results to LSP types: ranges, diagnostics, completion items, symbols,
// folding ranges, text edits and code actions.
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, LineMap, OffsetRange, Severity } from '../core/diagnostics';
import type {
  CodeFix,
  CompletionCandidate,
  CompletionKind,
  FoldRange,
  SymbolNode,
  TextEdit,
} from '../core/language';

export const DIAGNOSTIC_SOURCE = 'stepthrough';

export function toRange(lines: LineMap, offsets: OffsetRange): Range {
  return lines.rangeOf(offsets);
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(diagnostic: Diagnostic): LspDiagnostic {
  return {
    range: diagnostic.range,
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
}

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  state: CompletionItemKind.Reference,
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  property: CompletionItemKind.Field,
  resource: CompletionItemKind.Constant,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

/** Snippet syntax to plain text, for clients without snippet support: `${1:name}` → `name`, `$1` → ``. */
export function stripSnippet(text: string): string {
  return text
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/** A completion item; its edit range is kept on the cursor's line and around the cursor, as LSP requires. */
export function toCompletionItem(
  lines: LineMap,
  candidate: CompletionCandidate,
  cursor: number,
  snippets: boolean,
): CompletionItem {
  let { start, end } = candidate.range;
  const cursorLine = lines.positionAt(cursor).line;
  if (
    start > cursor ||
    end < cursor ||
    lines.positionAt(start).line !== cursorLine ||
    lines.positionAt(end).line !== cursorLine
  ) {
    start = cursor;
    end = cursor;
  }
  const useSnippet = candidate.snippet && snippets;
  const newText = candidate.snippet && !snippets ? stripSnippet(candidate.insertText) : candidate.insertText;
  const item: CompletionItem = {
    label: candidate.label,
    kind: COMPLETION_KINDS[candidate.kind],
    textEdit: { range: lines.rangeOf({ start, end }), newText },
    insertTextFormat: useSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (candidate.detail) item.detail = candidate.detail;
  if (candidate.documentation)
    item.documentation = { kind: MarkupKind.Markdown, value: candidate.documentation };
  if (candidate.filterText) item.filterText = candidate.filterText;
  if (candidate.sortText) item.sortText = candidate.sortText;
  return item;
}

const STATE_SYMBOL_KINDS: Record<string, SymbolKind> = {
  Task: SymbolKind.Function,
  Pass: SymbolKind.Variable,
  Choice: SymbolKind.Enum,
  Wait: SymbolKind.Event,
  Succeed: SymbolKind.Constant,
  Fail: SymbolKind.Constant,
  Parallel: SymbolKind.Module,
  Map: SymbolKind.Array,
};

export function toDocumentSymbol(lines: LineMap, node: SymbolNode): DocumentSymbol {
  const kind =
    node.kind === 'state'
      ? (STATE_SYMBOL_KINDS[node.stateType ?? ''] ?? SymbolKind.Object)
      : SymbolKind.Namespace;
  return {
    name: node.name.length > 0 ? node.name : ' ',
    detail: node.detail,
    kind,
    range: lines.rangeOf(node.range),
    selectionRange: lines.rangeOf(node.selectionRange),
    children: node.children.map((child) => toDocumentSymbol(lines, child)),
  };
}

export function toFoldingRange(fold: FoldRange): FoldingRange {
  return { startLine: fold.startLine, endLine: fold.endLine };
}

export function toTextEdit(lines: LineMap, edit: TextEdit): LspTextEdit {
  return { range: lines.rangeOf(edit.range), newText: edit.newText };
}

export function toCodeAction(
  lines: LineMap,
  uri: string,
  fix: CodeFix,
  diagnostics: LspDiagnostic[],
): CodeAction {
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    edit: { changes: { [uri]: fix.edits.map((edit) => toTextEdit(lines, edit)) } },
  };
  if (diagnostics.length > 0) action.diagnostics = diagnostics;
  if (fix.preferred) action.isPreferred = true;
  return action;
}
