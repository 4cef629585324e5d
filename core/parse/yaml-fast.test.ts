// The YAML fast path against the `yaml` library path: same tree and diagnostics or a bail, over the shared corpus, the repo's YAML fixtures, seeded mutations and generated documents; nesting bounds.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { LineMap } from '../diagnostics';
import type { AstNode } from './ast';
import { MAX_NESTING_DEPTH, ParseCode } from './support';
import { findExcessiveYamlNesting } from './yaml-depth';
import { parseYamlFast } from './yaml-fast';
import { isNestingSurelyWithin, parseYamlTree, parseYamlTreeWithLibrary } from './yaml-tree';

const REPO_ROOT = resolve(__dirname, '../..');
const CORPUS_ROOT = resolve(REPO_ROOT, '../shared/corpus');
const CORPUS_ABSENT = `corpus absent (looked in ${CORPUS_ROOT}): the corpus part of this test did not run`;

/** Real-world corpus files the fast path may leave to the library, with the reason. None so far. */
const REAL_WORLD_EXCEPTIONS: Record<string, string> = {};

/**
 * A plain copy of a tree for comparison: kinds, values, keys, ranges, key ranges and property ranges, with
 * each node's parent pointer checked to be its container (and absent on the root) along the way.
 */
function snapshot(node: AstNode | undefined, parent: AstNode | undefined): unknown {
  if (!node) return undefined;
  const linked = parent ? node.parent === parent : !('parent' in node);
  const base = { kind: node.kind, range: node.range, linked };
  if (node.kind === 'object') {
    const properties = node.properties.map((p) => ({
      key: p.key,
      keyRange: p.keyRange,
      range: p.range,
      value: snapshot(p.value, node),
    }));
    return { ...base, properties };
  }
  if (node.kind === 'array') return { ...base, items: node.items.map((item) => snapshot(item, node)) };
  return { ...base, value: node.value };
}

/** Parses with the fast path; when it does not bail, asserts it matches the library path. True when it did not bail. */
function checkAgainstLibrary(text: string, label: string): boolean {
  const lines = new LineMap(text);
  const fast = parseYamlFast(text, lines);
  if (!fast) return false;
  const library = parseYamlTreeWithLibrary(text, lines);
  assert.deepEqual(
    { ast: snapshot(fast.ast, undefined), diagnostics: fast.diagnostics },
    { ast: snapshot(library.ast, undefined), diagnostics: library.diagnostics },
    `${label}: ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) + '…' : text)}`,
  );
  return true;
}

function yamlFilesUnder(dir: string, skip: Set<string> = new Set()): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      if (skip.has(name)) continue;
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const corpusFiles = existsSync(CORPUS_ROOT) ? yamlFilesUnder(CORPUS_ROOT) : [];
const fixtureFiles = yamlFilesUnder(
  REPO_ROOT,
  new Set(['node_modules', 'dist', '.git', '.tmp', 'test-results', 'coverage']),
);

/** Samples covering every construct of the subset, so the fuzz tests run even without the corpus. */
const SAMPLES = [
  `# comment\n---\nComment: >-\n  A folded\n  comment\nStartAt: "First"\nStates:\n  First:\n    Type: Pass\n    Result: {a: 1, "b": [x, 'y', 2.5, null]}\n    Next: 'Second' # trailing\n  Second:\n    Type: Choice\n    Choices:\n      - Variable: $.x\n        NumericEquals: 0x1F\n        Next: First\n      - - nested\n        - seq\n    Default: |+\n      kept\n\n`,
  `StartAt: A\r\nStates:\r\n  A:\r\n    Type: Task\r\n    Parameters:\r\n      Plain: multi\r\n        line value\r\n      Dq: "esc \\u00e9 \\"q\\" \\\r\n        joined"\r\n      Sq: 'it''s\r\n\r\n        folded'\r\n    Retry:\r\n    - ErrorEquals: [States.ALL]\r\n      MaxAttempts: 3\r\n    End: true\r\n`,
  `a:\n  - |2\n      indented\n  - >-\n    folded\n     more\n    back\n  -\n  - ~\nb: [\n  1,\n  {c: d}\n  ]\n`,
];

describe('differential against the yaml library path', () => {
  test('every corpus YAML file gives the same tree and diagnostics, or a bail', (t) => {
    if (corpusFiles.length === 0) return t.skip(CORPUS_ABSENT);
    for (const file of corpusFiles)
      checkAgainstLibrary(readFileSync(file, 'utf8'), relative(CORPUS_ROOT, file));
  });

  test('the fast path handles every real-world corpus YAML file', (t) => {
    const realWorld = corpusFiles.filter((file) => relative(CORPUS_ROOT, file).startsWith('real-world'));
    if (realWorld.length === 0) return t.skip(CORPUS_ABSENT);
    const bailed = realWorld
      .map((file) => relative(CORPUS_ROOT, file))
      .filter((name) => !checkAgainstLibrary(readFileSync(join(CORPUS_ROOT, name), 'utf8'), name));
    assert.deepEqual(bailed.sort(), Object.keys(REAL_WORLD_EXCEPTIONS).sort());
    assert.ok(realWorld.length >= 20, `found ${realWorld.length} real-world YAML files`);
  });

  test("the repo's YAML fixtures give the same tree and diagnostics, or a bail", () => {
    let handled = 0;
    for (const file of fixtureFiles) {
      if (checkAgainstLibrary(readFileSync(file, 'utf8'), relative(REPO_ROOT, file))) handled++;
    }
    assert.ok(handled >= 5, `the fast path handled ${handled} of ${fixtureFiles.length} fixtures`);
  });

  test('the samples take the fast path', () => {
    for (const [i, sample] of SAMPLES.entries()) assert.ok(checkAgainstLibrary(sample, `sample ${i}`));
  });
});

/** A seeded pseudo-random generator (mulberry32), so failures reproduce. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTIONS = [
  ':',
  '-',
  "'",
  '"',
  '[',
  ']',
  '{',
  '}',
  '#',
  ',',
  '|',
  '>',
  '\\',
  '?',
  '&',
  '*',
  '!',
  '%',
];
const INSERTIONS_MORE = [
  ' ',
  '  ',
  '\n',
  '\n  ',
  '\r\n',
  '- ',
  ': ',
  ' #',
  '|-',
  '>+',
  '|2',
  '---',
  '...',
  '~',
];

describe('mutation fuzz', () => {
  test('thousands of seeded edits of real definitions: same result or a bail, never a throw', () => {
    const sources = [...corpusFiles, ...fixtureFiles].map((file) => readFileSync(file, 'utf8'));
    sources.push(...SAMPLES);
    const random = seededRandom(20240611);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
    const insertions = [...INSERTIONS, ...INSERTIONS_MORE];
    let handled = 0;
    const rounds = 3000;
    for (let round = 0; round < rounds; round++) {
      let text = pick(sources);
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        const kind = random();
        if (kind < 0.35) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        else if (kind < 0.85) text = text.slice(0, at) + pick(insertions) + text.slice(at);
        else if (kind < 0.95) {
          const lineStart = text.lastIndexOf('\n', at - 1) + 1;
          text =
            text.slice(0, lineStart) +
            (random() < 0.5 ? ' ' : '') +
            text.slice(lineStart + (random() < 0.5 ? 1 : 0));
        } else text = text.slice(0, at);
      }
      if (checkAgainstLibrary(text, `round ${round}`)) handled++;
    }
    // Most edits break something; the rest must still exercise the fast path.
    assert.ok(handled > rounds / 5, `the fast path handled ${handled} of ${rounds} mutants`);
  });

  test('generated documents mixing every construct: same result or a bail', () => {
    const random = seededRandom(7);
    let handled = 0;
    const rounds = 1500;
    for (let round = 0; round < rounds; round++) {
      if (checkAgainstLibrary(generateDocument(random), `generated ${round}`)) handled++;
    }
    assert.ok(handled > rounds / 5, `the fast path handled ${handled} of ${rounds} documents`);
  });
});

/** A random document in (mostly) the fast path's subset: block and flow collections, every scalar style, comments. */
function generateDocument(random: () => number): string {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: T[]): T => list[int(list.length)] as T;
  const spaces = (n: number) => ' '.repeat(Math.max(0, n));
  const plain =
    "x|a b|a:b|a#b|arn:aws:states:::lambda:invoke|$.x[0]|1|-1|0o17|0x1F|1.5|.5|1e3|-0|true|False|no|null|~|NULL|x  y|${Ref}|a'b|a]|-x|---|é".split(
      '|',
    );
  const quoted = [
    '"x"',
    '""',
    '"a\\"b\\\\"',
    '"\\t\\n\\x41\\u00e9\\U0001F600\\/"',
    '"a  "',
    "'x'",
    "''",
    "'a''b'",
    "' # '",
  ];
  const keys = 'a|b|a b|"a"|\'b\'|1|1.0|true|null|~|-k|k:k|""'.split('|');
  const lineBreak = (indent: number) =>
    (random() < 0.1 ? `\n${spaces(int(indent + 3))}# note` : '') + (random() < 0.1 ? '\n' : '') + '\n';
  const scalar = (indent: number): string => {
    const r = random();
    if (r < 0.45) return pick(plain);
    if (r < 0.75) return pick(quoted);
    if (r < 0.85) {
      // over two lines, plain or quoted, maybe with a blank line between
      const quote = pick(['', "'", '"']);
      return `${quote}a\n${random() < 0.3 ? '\n' : ''}${spaces(indent + 1 + int(3))}${pick(['b', 'c d'])}${quote}`;
    }
    const header = pick(['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-']);
    const content = indent + 1 + int(2) + (header.includes('2') ? 1 : 0);
    let body = '';
    for (let n = 1 + int(4); n > 0; n--) {
      const more = random() < 0.2 ? 1 : 0;
      body += random() < 0.2 ? '\n' : `\n${spaces(content + more)}${pick(['text', 'a b', '# kept'])}`;
    }
    return header + body + (random() < 0.3 ? '\n' : '');
  };
  const flow = (depth: number): string => {
    const isMap = random() < 0.5;
    const items: string[] = [];
    for (let n = int(4); n > 0; n--) {
      const value =
        depth < 2 && random() < 0.3 ? flow(depth + 1) : pick([...plain.slice(0, 20), ...quoted.slice(0, 4)]);
      items.push(isMap ? pick([`a: ${value}`, `"k":${value}`, `b c : ${value}`, `1: ${value}`]) : value);
    }
    const separator = pick([', ', ',\n    ', ' ,']);
    const open = isMap ? '{' : '[';
    const close = isMap ? '}' : ']';
    return open + items.join(separator) + (random() < 0.2 ? ',' : '') + close;
  };
  const block = (indent: number, depth: number, isSeq: boolean): string => {
    let out = '';
    for (let n = 1 + int(3); n > 0; n--) {
      out += spaces(indent) + (isSeq ? '-' : `${pick(keys)}:`);
      const r = random();
      if (depth > 3 || r < 0.55)
        out += ` ${random() < 0.2 ? flow(0) : scalar(indent)}${random() < 0.15 ? ' # c' : ''}`;
      else if (r < 0.65) out += pick(['', ' ', ' # empty']);
      else
        out += lineBreak(indent) + block(indent + 1 + int(3), depth + 1, random() < 0.4).replace(/\n$/, '');
      out += lineBreak(indent);
    }
    return out;
  };
  let doc = block(int(2), 0, random() < 0.2);
  if (random() < 0.1) doc = `---\n${doc}`;
  if (random() < 0.1) doc = doc.replace(/\n/g, '\r\n');
  if (random() < 0.2) {
    const at = int(doc.length);
    doc = doc.slice(0, at) + pick([' ', ':', '-', '#', '\n', '"', "'", '[', '']) + doc.slice(at + int(2));
  }
  return doc;
}

describe('nesting bounds', () => {
  const nestedMaps = (levels: number) =>
    Array.from({ length: levels }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n') + ' leaf\n';

  test('the cheap bound never says "within" where the nesting pre-scan finds too deep', () => {
    const random = seededRandom(99);
    const texts = [
      nestedMaps(30),
      '[[[[[[[[[[]]]]]]]]]]',
      '- - - - - - - - - - x',
      'a: x[[[[[[[[[[[[\nb: ]]]]',
      ...SAMPLES,
    ];
    for (let i = 0; i < 300; i++) texts.push(generateDocument(random));
    for (const text of texts) {
      for (let limit = 2; limit <= 40; limit += 2) {
        if (isNestingSurelyWithin(text, limit)) {
          assert.equal(findExcessiveYamlNesting(text, limit), -1, `limit ${limit}: ${JSON.stringify(text)}`);
        }
      }
    }
    assert.ok(
      isNestingSurelyWithin(SAMPLES[0] ?? '', MAX_NESTING_DEPTH),
      'ordinary definitions skip the pre-scan',
    );
  });

  test('deep block nesting: the fast path gives up at the limit without exhausting the stack', () => {
    const deep = nestedMaps(MAX_NESTING_DEPTH + 40);
    assert.equal(parseYamlFast(deep, new LineMap(deep)), undefined);
    const tree = parseYamlTree(deep, new LineMap(deep));
    assert.equal(tree.ast, undefined);
    assert.deepEqual(
      tree.diagnostics.map((d) => d.code),
      [ParseCode.tooDeep],
    );
  });

  test('deep flow nesting gives up the same way', () => {
    const deep = `a: ${'['.repeat(MAX_NESTING_DEPTH + 40)}${']'.repeat(MAX_NESTING_DEPTH + 40)}\n`;
    assert.equal(parseYamlFast(deep, new LineMap(deep)), undefined);
    assert.equal(parseYamlTree(deep, new LineMap(deep)).diagnostics[0]?.code, ParseCode.tooDeep);
  });

  test('moderate nesting takes the fast path', () => {
    assert.ok(checkAgainstLibrary(nestedMaps(100), 'nested maps'));
    assert.ok(checkAgainstLibrary(`a: ${'['.repeat(100)}${']'.repeat(100)}\n`, 'nested flow'));
  });
});
