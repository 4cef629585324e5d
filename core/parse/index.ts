// Public API of the ASL document parser: JSON or YAML text into one AST with source ranges, the plain value and syntax diagnostics.
export type {
  AstArray,
  AstBase,
  AstNode,
  AstObject,
  AstPath,
  AstProperty,
  AstScalar,
  NodeAtOffset,
} from './ast';
export { astToValue, nodeAtOffset, nodeAtPath, propertyAt, rangeContains } from './ast';
export type { DocumentFormat, ParseOptions, ParsedDocument } from './types';
export { detectFormat, parseDocument } from './document';
export { parsedDocumentOfValue } from './value-document';
export { subtreeDocument } from './subtree';
export { MAX_ALIAS_EXPANSION_NODES, MAX_DIAGNOSTICS, MAX_NESTING_DEPTH, ParseCode } from './support';
