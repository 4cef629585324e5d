// Every real-world definition in ../shared/corpus lays out and renders: each state has a node, each
// transition an edge, no sibling nodes overlap, and the SVG holds every state's full name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from '../../core/parse';
import { buildGraphModelFromDocument } from '../../core/graph/model';
import { layoutGraph } from '../../core/graph/layout';
import { renderSvg } from '../../webview/render/svg';
import { escapeXml } from '../../webview/render/shapes';
import { skipWithoutShared } from '../shared';
import { checkLayout } from './checks';
import { definitionModel } from '../../core/model';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'real-world');

function definitionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...definitionFiles(full));
    else if (/\.(json|ya?ml)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

async function problemsOf(file: string): Promise<string[]> {
  const doc = parseDocument(readFileSync(file, 'utf8'), { fileName: file });
  const errors = doc.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return [`does not parse: ${errors[0]?.message ?? ''}`];
  const layout = await layoutGraph(buildGraphModelFromDocument(doc));
  const problems = checkLayout(doc, layout);
  const svg = renderSvg(layout, { title: file });
  for (const state of definitionModel(doc).states) {
    if (!svg.includes(escapeXml(state.name))) problems.push(`SVG lacks the name of ${state.path.join('.')}`);
  }
  return problems;
}

const absent = skipWithoutShared(CORPUS);
if (absent) {
  test('real-world corpus graphs', { skip: absent }, () => {});
} else {
  const sources = readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  test('the corpus has definitions to draw', () => {
    assert.ok(definitionFiles(CORPUS).length > 100);
  });
  for (const source of sources) {
    test(`real-world corpus graphs: ${source}`, async () => {
      const failures: string[] = [];
      for (const file of definitionFiles(join(CORPUS, source))) {
        let problems: string[];
        try {
          problems = await problemsOf(file);
        } catch (err) {
          problems = [`threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`];
        }
        if (problems.length > 0)
          failures.push(`${relative(CORPUS, file)}:\n  ${problems.slice(0, 8).join('\n  ')}`);
      }
      assert.deepEqual(failures, []);
    });
  }
}
