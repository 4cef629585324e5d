// The references an HCL expression makes, by root name: what a placeholder depends on, so the reader
// can tell whether the module binds it.

import type { Expr } from './expression';

/** The root name of each reference in an expression: `var.x`, `local.y`, `aws_lambda_function.f`, `x` (a template variable). */
export function rootNames(expr: Expr): string[] {
  const out: string[] = [];
  const visit = (e: Expr, bound: Set<string>): void => {
    switch (e.kind) {
      case 'variable':
        if (!bound.has(e.name)) out.push(e.name);
        return;
      case 'attr':
      case 'index': {
        const steps: string[] = [];
        let node: Expr = e;
        while (node.kind === 'attr' || node.kind === 'index') {
          if (node.kind === 'attr') steps.unshift(node.name);
          else {
            steps.length = 0;
            visit(node.index, bound);
          }
          node = node.target;
        }
        if (node.kind !== 'variable') {
          visit(node, bound);
          return;
        }
        if (bound.has(node.name)) return;
        const head = node.name;
        if (['var', 'local', 'module', 'path', 'count', 'each', 'terraform'].includes(head))
          out.push(`${head}.${steps[0] ?? ''}`);
        else if (head === 'data') out.push(`data.${steps[0] ?? ''}.${steps[1] ?? ''}`);
        else if (steps.length > 0 && head.includes('_')) out.push(`${head}.${steps[0]}`);
        else out.push(head);
        return;
      }
      case 'template':
        for (const part of e.parts) if (part.kind === 'interp') visit(part.expr, bound);
        return;
      case 'tuple':
        e.items.forEach((i) => visit(i, bound));
        return;
      case 'object':
        e.entries.forEach((entry) => {
          visit(entry.key, bound);
          visit(entry.value, bound);
        });
        return;
      case 'call':
        e.args.forEach((a) => visit(a, bound));
        return;
      case 'unary':
        visit(e.operand, bound);
        return;
      case 'binary':
        visit(e.left, bound);
        visit(e.right, bound);
        return;
      case 'conditional':
        visit(e.test, bound);
        visit(e.then, bound);
        visit(e.else, bound);
        return;
      case 'splat':
        visit(e.target, bound);
        return;
      case 'for': {
        visit(e.collection, bound);
        const inner = new Set(bound);
        inner.add(e.valueVar);
        if (e.keyVar) inner.add(e.keyVar);
        if (e.keyExpr) visit(e.keyExpr, inner);
        visit(e.valueExpr, inner);
        if (e.cond) visit(e.cond, inner);
        return;
      }
      case 'literal':
        return;
    }
  };
  visit(expr, new Set());
  return [...new Set(out)];
}
