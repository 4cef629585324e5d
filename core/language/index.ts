// Public API of the editor features: pure functions over a ParsedDocument that the language server maps to
// LSP (completion, hover, definition, references, rename, symbols, folding, formatting, quick fixes).
export type {
  CodeFix,
  CompletionCandidate,
  CompletionKind,
  FoldRange,
  FormatOptions,
  HoverInfo,
  RenameOutcome,
  SymbolNode,
  TextEdit,
} from './types';
export { completionsAt } from './completion';
export { hoverAt, stateSummary } from './hover';
export { definitionAt, prepareRename, referencesAt, renameState, stateReferencedAt } from './navigation';
export { documentSymbols, foldingRanges } from './symbols';
export { formatJson, formatJsonText } from './format';
export { quickFixes } from './fixes';
export { JSONATA_FUNCTIONS } from './jsonata-functions';
export { TASK_RESOURCES } from './resources';
export { ROLE_FINDING_CODE, roleDiagnostics } from './role';
