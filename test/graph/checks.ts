// Structural checks of a laid-out graph against its definition, shared by the corpus and unit tests:
// every state has a node, every transition to a state of the same scope has an edge, no two sibling
// nodes overlap, children sit inside their container, edge labels do not cover nodes.

import { isJsonObject, type JsonValue } from '../../core/json';
import type { ParsedDocument } from '../../core/parse/types';
import type { Box, GraphLayout, LaidOutNode } from '../../core/graph/layout';
import { definitionModel } from '../../core/model';

const EPSILON = 0.5;

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x + a.width - EPSILON > b.x &&
    b.x + b.width - EPSILON > a.x &&
    a.y + a.height - EPSILON > b.y &&
    b.y + b.height - EPSILON > a.y
  );
}

function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - EPSILON &&
    inner.y >= outer.y - EPSILON &&
    inner.x + inner.width <= outer.x + outer.width + EPSILON &&
    inner.y + inner.height <= outer.y + outer.height + EPSILON
  );
}

function valueAt(root: JsonValue | undefined, path: (string | number)[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const key of path) {
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = isJsonObject(current) ? current[key] : undefined;
  }
  return current;
}

/** The transitions a state declares, as `kind target` strings (Choice rules with their index). */
function declaredTransitions(
  state: JsonValue | undefined,
): Array<{ kind: string; target: JsonValue | undefined }> {
  if (!isJsonObject(state)) return [];
  const out: Array<{ kind: string; target: JsonValue | undefined }> = [];
  if ('Next' in state) out.push({ kind: 'next', target: state['Next'] });
  const choices = state['Choices'];
  if (Array.isArray(choices)) {
    for (const rule of choices)
      if (isJsonObject(rule) && 'Next' in rule) out.push({ kind: 'choice', target: rule['Next'] });
  }
  if ('Default' in state) out.push({ kind: 'default', target: state['Default'] });
  const catchers = state['Catch'];
  if (Array.isArray(catchers)) {
    for (const c of catchers)
      if (isJsonObject(c) && 'Next' in c) out.push({ kind: 'catch', target: c['Next'] });
  }
  return out;
}

/** Problems found; empty when the layout is complete and tidy. */
export function checkLayout(doc: ParsedDocument, layout: GraphLayout): string[] {
  const problems: string[] = [];
  const byPath = new Map<string, LaidOutNode>();
  const byId = new Map<string, LaidOutNode>();
  for (const node of layout.nodes) {
    byId.set(node.id, node);
    if (node.kind === 'state') byPath.set(JSON.stringify(node.path), node);
  }
  const edgeCounts = new Map<string, number>();
  for (const edge of layout.edges) {
    const key = `${edge.kind} ${edge.source} ${edge.target}`;
    edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
    if (edge.points.length < 2) problems.push(`edge ${edge.id} has no route`);
  }
  const expectedCounts = new Map<string, number>();
  for (const state of definitionModel(doc).states) {
    const node = byPath.get(JSON.stringify(state.path));
    if (!node) {
      problems.push(`state ${state.path.join('.')} has no node`);
      continue;
    }
    const siblings = valueAt(doc.value, state.path.slice(0, -1));
    for (const t of declaredTransitions(valueAt(doc.value, state.path))) {
      if (typeof t.target !== 'string' || !isJsonObject(siblings) || !(t.target in siblings)) continue;
      const target = byPath.get(JSON.stringify([...state.path.slice(0, -1), t.target]));
      if (!target) continue;
      const key = `${t.kind} ${node.id} ${target.id}`;
      expectedCounts.set(key, (expectedCounts.get(key) ?? 0) + 1);
    }
  }
  for (const [key, count] of expectedCounts) {
    const drawn = edgeCounts.get(key) ?? 0;
    if (drawn !== count) problems.push(`transition ${key}: expected ${count} edge(s), found ${drawn}`);
  }
  const siblingsByParent = new Map<string, LaidOutNode[]>();
  for (const node of layout.nodes) {
    const key = node.parent ?? '';
    siblingsByParent.set(key, [...(siblingsByParent.get(key) ?? []), node]);
    const parent = node.parent === undefined ? undefined : byId.get(node.parent);
    if (node.parent !== undefined && !parent)
      problems.push(`node ${node.id} has a missing parent ${node.parent}`);
    if (parent && !inside(node, parent)) problems.push(`node ${node.id} sticks out of ${parent.id}`);
  }
  for (const siblings of siblingsByParent.values()) {
    for (let i = 0; i < siblings.length; i++) {
      for (let j = i + 1; j < siblings.length; j++) {
        const a = siblings[i] as LaidOutNode;
        const b = siblings[j] as LaidOutNode;
        if (overlaps(a, b)) problems.push(`nodes ${a.id} and ${b.id} overlap`);
      }
    }
  }
  const leaves = layout.nodes.filter((n) => !n.compound);
  for (const edge of layout.edges) {
    if (!edge.labelBox) continue;
    for (const leaf of leaves) {
      if (overlaps(edge.labelBox, leaf)) problems.push(`label of ${edge.id} covers node ${leaf.id}`);
    }
  }
  return problems;
}
