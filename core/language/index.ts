// Public API of the editor features: pure functions over a ParsedDocument that the language server maps to
// LSP (completion, hover, definition, references, rename, symbols, folding, formatting, quick fixes).
import type { DocumentFormat } from '../parse';

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

/** The language ids AWS Toolkit uses for state machines. */
export const ASL_LANGUAGE_IDS = { json: 'asl', yaml: 'asl-yaml' } as const;

/**
 * The format of an editor document from its language id (`asl`, `asl-yaml`, `json`, `yaml`...), falling back
 * to the file name; undefined lets the parser decide from the name and the text.
 */
export function formatForLanguage(languageId: string, fileName?: string): DocumentFormat | undefined {
  const id = languageId.toLowerCase();
  if (id === 'asl' || id === 'json' || id === 'jsonc') return 'json';
  if (id === 'asl-yaml' || id === 'yaml') return 'yaml';
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

/** True for the language ids that are always state machines (other JSON/YAML files are if they look like one). */
export function isAslLanguage(languageId: string): boolean {
  return languageId === ASL_LANGUAGE_IDS.json || languageId === ASL_LANGUAGE_IDS.yaml;
}
