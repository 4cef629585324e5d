// What the editor features compute, in offsets and plain data: completion candidates, hovers, symbols, folds,
// text edits and quick fixes. The language server maps these to LSP; nothing here knows LSP.
import type { Diagnostic, OffsetRange } from '../diagnostics';

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

export type CompletionKind =
  'field' | 'value' | 'state' | 'function' | 'variable' | 'property' | 'resource' | 'keyword' | 'snippet';

export interface CompletionCandidate {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label: a signature, a state type, a value type. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text that replaces `range`; in snippet syntax (`$1`, `${1:name}`) when `snippet` is true. */
  insertText: string;
  snippet: boolean;
  /** The text the candidate replaces (it always contains the cursor). */
  range: OffsetRange;
  /** What the editor matches the typed prefix against, when not the label. */
  filterText?: string;
  sortText?: string;
}

export interface HoverInfo {
  /** Markdown. */
  markdown: string;
  range: OffsetRange;
}

export interface SymbolNode {
  name: string;
  /** A state's type, or what a group holds. */
  detail: string;
  kind: 'state' | 'branch' | 'processor';
  /** For states: the `Type` value. */
  stateType?: string;
  range: OffsetRange;
  selectionRange: OffsetRange;
  children: SymbolNode[];
}

export interface FoldRange {
  /** Zero-based lines; editors hide startLine+1..endLine, so endLine stops before a closing bracket's line. */
  startLine: number;
  endLine: number;
}

export interface CodeFix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply on its own ("did you mean" with one candidate). */
  preferred: boolean;
  /** The diagnostic it fixes, when it answers one. */
  diagnostic?: Diagnostic;
}

export type RenameOutcome = { ok: true; edits: TextEdit[] } | { ok: false; message: string };

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
}
