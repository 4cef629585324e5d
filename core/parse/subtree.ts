// A part of a parsed document seen as a document of its own: the same text, lines and format, rooted
// at one of its nodes (a state machine written inline in a template). Offsets and ranges stay the
// whole text's, so what core/language computes on it (completion) lands in the whole document as it
// is; paths start at the node.

import { astToValue, type AstNode } from './ast';
import type { ParsedDocument } from './types';

export function subtreeDocument(doc: ParsedDocument, node: AstNode): ParsedDocument {
  return {
    format: doc.format,
    text: doc.text,
    lines: doc.lines,
    ast: node,
    value: astToValue(node),
    diagnostics: [],
  };
}
