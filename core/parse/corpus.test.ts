// Parses the shared corpus of published state machines (../shared/corpus): valid ones parse without errors and with the listed state counts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { skipWithoutShared } from '../../test/shared';
import { parseDocument } from './index';
import { definitionModel } from '../model';

const ROOT = resolve(__dirname, '../../../shared/corpus');
const ABSENT = `${skipWithoutShared(ROOT) || ''}; the corpus was not parsed`;

function definitionFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.asl\.(json|yaml)(\.txt)?$/.test(name)) out.push(full);
    }
  };
  walk(join(ROOT, folder));
  return out;
}

/** MANIFEST.tsv: path → state_count. */
function stateCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const [header, ...rows] = readFileSync(join(ROOT, 'MANIFEST.tsv'), 'utf8').split('\n');
  const column = header?.split('\t').indexOf('state_count') ?? -1;
  assert.ok(column >= 0, 'MANIFEST.tsv has a state_count column');
  for (const row of rows) {
    const cells = row.split('\t');
    const count = Number(cells[column]);
    if (cells[0] && Number.isFinite(count)) counts.set(cells[0], count);
  }
  return counts;
}

function parseFile(file: string) {
  return parseDocument(readFileSync(file, 'utf8'), { fileName: file.replace(/\.txt$/, '') });
}

describe('shared corpus', () => {
  for (const folder of ['real-world', 'lenient']) {
    test(`every ${folder} definition parses without errors, with every state found`, (t) => {
      if (!existsSync(ROOT)) {
        t.skip(ABSENT);
        return;
      }
      const counts = stateCounts();
      const files = definitionFiles(folder);
      assert.ok(files.length > 0, `no definitions under ${folder}`);
      assert.ok(
        files.some((f) => f.endsWith('.yaml')),
        'the corpus has YAML definitions too',
      );
      const failures: string[] = [];
      for (const file of files) {
        const relative = file.slice(ROOT.length + 1);
        const doc = parseFile(file);
        const errors = doc.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          const first = errors[0];
          failures.push(`${relative}: ${first?.code} at ${first?.range.start.line}: ${first?.message}`);
        }
        const expected = counts.get(relative);
        if (expected !== undefined && expected !== definitionModel(doc).states.length) {
          failures.push(
            `${relative}: ${definitionModel(doc).states.length} states found, MANIFEST says ${expected}`,
          );
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  test('unparsed definitions: unquoted placeholders get ASL006 and the states are still found', (t) => {
    if (!existsSync(ROOT)) {
      t.skip(ABSENT);
      return;
    }
    const files = definitionFiles('unparsed');
    assert.ok(files.length > 0);
    let withPlaceholders = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const doc = parseFile(file);
      assert.equal(doc.format, 'json', file);
      const codes = new Set(doc.diagnostics.map((d) => d.code));
      assert.ok(codes.size > 0, `${file} should have diagnostics`);
      assert.ok(definitionModel(doc).states.length > 0, `${file}: states still found`);
      if (/:\s*\$\{/.test(text)) {
        withPlaceholders++;
        assert.deepEqual([...codes], ['ASL006'], file);
      } else {
        assert.ok(codes.has('ASL001'), file);
      }
    }
    assert.ok(withPlaceholders > 0);
  });

  test('the language service duplicate-key fixture: reported at the second occurrences', (t) => {
    const file = join(ROOT, 'invalid/amazon-states-language-service/documentDuplicateKey-yaml.asl.yaml');
    if (!existsSync(file)) {
      t.skip(ABSENT);
      return;
    }
    const doc = parseFile(file);
    // the fixture's expectations (zero-based): [3,2]-[3,9] and [12,4]-[12,9] are the repeated keys
    assert.deepEqual(
      doc.diagnostics.map((d) => [
        d.code,
        d.range.start.line,
        d.range.start.character,
        d.range.end.character,
      ]),
      [
        ['ASL003', 3, 2, 9],
        ['ASL003', 12, 4, 9],
      ],
    );
  });

  test('no definition anywhere in the corpus makes the parser throw', (t) => {
    if (!existsSync(ROOT)) {
      t.skip(ABSENT);
      return;
    }
    for (const folder of ['invalid', 'suspect']) {
      for (const file of definitionFiles(folder)) {
        const doc = parseFile(file);
        assert.ok(doc.ast, file);
      }
    }
  });
});
