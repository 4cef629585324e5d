// Document symbols (states, nested under their Parallel branches and Map processors) and folding ranges
// (every object and array spanning several lines).
import type { AstNode, AstProperty, ParsedDocument } from '../parse';
import { type ScopeModel, definitionModel } from '../model';
import type { FoldRange, SymbolNode } from './types';

export function documentSymbols(doc: ParsedDocument): SymbolNode[] {
  const top = definitionModel(doc).scopes[0];
  if (!top) return [];
  const symbolsOf = (scope: ScopeModel): SymbolNode[] =>
    scope.states.map((state) => {
      const children: SymbolNode[] = [];
      for (const child of state.scopes) {
        if (typeof child.key === 'number') {
          children.push({
            name: `Branch ${child.key + 1}`,
            detail: `${child.states.length} states`,
            kind: 'branch',
            range: child.container.range,
            selectionRange: child.container.range,
            children: symbolsOf(child),
          });
        } else {
          children.push(...symbolsOf(child));
        }
      }
      return {
        name: state.name || '(empty name)',
        detail: state.type ?? '',
        kind: 'state' as const,
        stateType: state.type,
        range: state.range,
        selectionRange: state.nameRange,
        children,
      };
    });
  return symbolsOf(top);
}

/** Fold ranges for objects and arrays spanning lines; the line holding the closing bracket stays visible. */
export function foldingRanges(doc: ParsedDocument): FoldRange[] {
  const out: FoldRange[] = [];
  const lines = doc.lines;
  const visit = (node: AstNode, owner: AstProperty | undefined, depth: number): void => {
    if (depth > 300 || (node.kind !== 'object' && node.kind !== 'array')) return;
    const startLine = lines.positionAt(owner ? owner.keyRange.start : node.range.start).line;
    const endOffset = Math.max(node.range.start, node.range.end - 1);
    let endLine = lines.positionAt(endOffset).line;
    const closer = doc.text.charAt(endOffset);
    if (closer === '}' || closer === ']') endLine -= 1;
    if (endLine > startLine) out.push({ startLine, endLine });
    if (node.kind === 'object') {
      for (const property of node.properties) if (property.value) visit(property.value, property, depth + 1);
    } else {
      for (const item of node.items) visit(item, undefined, depth + 1);
    }
  };
  if (doc.ast) visit(doc.ast, undefined, 0);
  return out;
}
