// The state machine as Mermaid flowchart text, from core's graph model (the one the SVG graph and the
// VS Code graph draw): Map, Parallel and each Parallel branch as subgraphs, Choice as a rhombus, Wait
// as a hexagon, Succeed/Fail as stadiums (Fail styled), start and end markers as circles; Choice rules
// and Catch errors label their edges, Catch edges are dashed. Every label is quoted and escaped, so no
// state name can break the diagram; node ids are generated.

import { buildGraphModel, type GraphEdge, type GraphModel, type GraphNode } from '../core/graph';
import type { JsonValue } from '../core';

export type MermaidDirection = 'TD' | 'LR';

/** Text inside a quoted Mermaid label: entity codes for what Mermaid would read as syntax. */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/`/g, '#96;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\r?\n|\r/g, ' ');
}

function shape(node: GraphNode, label: string): string {
  const text = `"${label}"`;
  if (node.kind === 'start' || node.kind === 'end') return `((${text}))`;
  switch (node.stateType) {
    case 'Choice':
      return `{${text}}`;
    case 'Wait':
      return `{{${text}}}`;
    case 'Succeed':
    case 'Fail':
      return `([${text}])`;
    default:
      return `[${text}]`;
  }
}

function nodeLabel(node: GraphNode): string {
  const main = mermaidText(node.label);
  return node.detail ? `${main}<br/><small>${mermaidText(node.detail)}</small>` : main;
}

function edgeLine(edge: GraphEdge, ids: Map<string, string>): string | undefined {
  const source = ids.get(edge.source);
  const target = ids.get(edge.target);
  if (!source || !target) return undefined;
  const arrow = edge.kind === 'catch' ? '-.->' : '-->';
  const label = edge.label ? `|"${mermaidText(edge.label)}"|` : '';
  return `  ${source} ${arrow}${label} ${target}`;
}

/** Mermaid text of a graph model. */
export function renderMermaid(model: GraphModel, direction: MermaidDirection = 'TD'): string {
  const ids = new Map<string, string>();
  model.nodes.forEach((node, index) => ids.set(node.id, `n${index}`));
  const children = new Map<string | undefined, GraphNode[]>();
  for (const node of model.nodes) {
    const list = children.get(node.parent) ?? [];
    list.push(node);
    children.set(node.parent, list);
  }
  const lines = [`flowchart ${direction}`];
  const failed: string[] = [];
  const emit = (parent: string | undefined, indent: string): void => {
    for (const node of children.get(parent) ?? []) {
      const id = ids.get(node.id) ?? '';
      if (node.stateType === 'Fail') failed.push(id);
      if (node.compound) {
        lines.push(`${indent}subgraph ${id} ["${nodeLabel(node)}"]`);
        emit(node.id, `${indent}  `);
        lines.push(`${indent}end`);
      } else {
        lines.push(`${indent}${id}${shape(node, nodeLabel(node))}`);
      }
    }
  };
  emit(undefined, '  ');
  for (const edge of model.edges) {
    const line = edgeLine(edge, ids);
    if (line) lines.push(line);
  }
  if (failed.length > 0) {
    lines.push('  classDef fail fill:#fde2e1,stroke:#c0392b,color:#7b241c');
    lines.push(`  class ${failed.join(',')} fail`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mermaid text of a definition (an unparsable one draws what can be drawn). */
export function definitionToMermaid(definition: JsonValue, direction: MermaidDirection = 'TD'): string {
  return renderMermaid(buildGraphModel(definition), direction);
}
