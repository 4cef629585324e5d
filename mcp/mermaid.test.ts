// The Mermaid renderer: shapes, subgraphs and edge labels of a known machine; names that would be
// Mermaid syntax are escaped; every real-world definition in ../shared/corpus renders to a structurally
// sound flowchart (each subgraph closed, each edge between declared nodes, one declaration per node).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../core';
import { buildGraphModel } from '../core/graph';
import { definitionToMermaid, mermaidText, renderMermaid } from './mermaid';

/** Structural soundness of flowchart text, returning the problems found. */
function structuralProblems(text: string): string[] {
  const problems: string[] = [];
  const declared = new Set<string>();
  let depth = 0;
  const lines = text.trimEnd().split('\n');
  if (!/^flowchart (TD|LR)$/.test(lines[0] ?? '')) problems.push(`header: ${lines[0]}`);
  for (const line of lines.slice(1)) {
    const body = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^subgraph (n\d+) \["[^"]*"\]$/.exec(body))) {
      if (declared.has(m[1] ?? '')) problems.push(`declared twice: ${m[1]}`);
      declared.add(m[1] ?? '');
      depth++;
    } else if (body === 'end') {
      depth--;
      if (depth < 0) problems.push('end without subgraph');
    } else if (
      (m = /^(n\d+)(\(\("[^"]*"\)\)|\{"[^"]*"\}|\{\{"[^"]*"\}\}|\(\["[^"]*"\]\)|\["[^"]*"\])$/.exec(body))
    ) {
      if (declared.has(m[1] ?? '')) problems.push(`declared twice: ${m[1]}`);
      declared.add(m[1] ?? '');
    } else if ((m = /^(n\d+) (-->|-\.->)(\|"[^"]*"\|)? (n\d+)$/.exec(body))) {
      if (!declared.has(m[1] ?? '') || !declared.has(m[4] ?? ''))
        problems.push(`edge to an undeclared node: ${body}`);
    } else if (!/^classDef fail |^class [n\d,]+ fail$/.test(body)) {
      problems.push(`unexpected line: ${body}`);
    }
  }
  if (depth !== 0) problems.push('unclosed subgraph');
  return problems;
}

test('draws states, containers and transitions of a machine', () => {
  const text = definitionToMermaid({
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericGreaterThan: 0, Next: 'Work' }],
        Default: 'Nope',
      },
      Work: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Item',
          States: { Item: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
        },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Nope' }],
        Next: 'Pause',
      },
      Pause: { Type: 'Wait', Seconds: 60, Next: 'Done' },
      Done: { Type: 'Succeed' },
      Nope: { Type: 'Fail', Error: 'E' },
    },
  });
  assert.deepEqual(structuralProblems(text), []);
  assert.match(text, /^flowchart TD\n/);
  assert.match(text, /n\d+\{"Check"\}/); // Choice: rhombus
  assert.match(
    text,
    /subgraph n\d+ \["Work"\]\n\s+n\d+\(\("Start"\)\)\n\s+n\d+\["Item<br\/><small>lambda:invoke<\/small>"\]/,
  );
  assert.match(text, /n\d+\{\{"Pause<br\/><small>1 min<\/small>"\}\}/); // Wait: hexagon
  assert.match(text, /-->\|"\$\.n #gt; 0"\|/); // the Choice rule on its edge
  assert.match(text, /-\.->\|"States\.ALL"\|/); // Catch: dashed
  assert.match(text, /class n\d+ fail/);
  assert.match(
    renderMermaid(buildGraphModel({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }), 'LR'),
    /^flowchart LR/,
  );
});

test('state names that are Mermaid syntax are escaped', () => {
  const hostile = 'A"] --> B[x #1 `code` <b>\nend';
  const text = definitionToMermaid({ StartAt: hostile, States: { [hostile]: { Type: 'Pass', End: true } } });
  assert.deepEqual(structuralProblems(text), []);
  assert.ok(text.includes(`["${mermaidText(hostile)}"]`));
  assert.equal(mermaidText(hostile), 'A#quot;] --#gt; B[x #35;1 #96;code#96; #lt;b#gt; end');
  assert.doesNotMatch(text, /A"\]/);
});

test('a half-written or broken definition draws what it can', () => {
  assert.deepEqual(
    structuralProblems(
      definitionToMermaid({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } }),
    ),
    [],
  );
  assert.deepEqual(structuralProblems(definitionToMermaid('not a machine')), []);
});

const CORPUS = join(__dirname, '..', '..', 'shared', 'corpus', 'real-world');

function definitionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...definitionFiles(full));
    else if (/\.(json|ya?ml)$/.test(name)) out.push(full);
  }
  return out;
}

test(
  'every real-world definition of ../shared/corpus renders soundly',
  existsSync(CORPUS) ? {} : { skip: `corpus not found at ${CORPUS} (../shared is not checked out here)` },
  () => {
    const files = definitionFiles(CORPUS);
    assert.ok(files.length > 500, `only ${files.length} files`);
    for (const file of files) {
      const doc = parseDocument(readFileSync(file, 'utf8'), { fileName: file });
      const text = definitionToMermaid(doc.value ?? null);
      assert.deepEqual(structuralProblems(text), [], file);
    }
  },
);
