// Editing properties over the real-world corpus: renaming any state of a valid definition (to a name
// that needs quoting) keeps it valid and moves every reference; formatting JSON keeps the value and is
// idempotent. Skips, saying why, when ../shared/corpus is absent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJson, renameState, type TextEdit } from '../../core/language';
import { parseDocument } from '../../core/parse';
import { validateDocument } from '../../core/validate';
import { loadCorpus } from './corpus';
import { definitionModel } from '../../core/model';

const corpus = loadCorpus('real-world');
const skip = corpus.missing ? `skipped: ${corpus.missing}` : false;

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  }
  return out;
}

const errorsOf = (text: string, fileName: string): string[] =>
  validateDocument(parseDocument(text, { fileName }))
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.message}`);

test('renaming states of valid real-world definitions keeps them valid', { skip }, () => {
  let renames = 0;
  const failures: string[] = [];
  for (const file of corpus.files) {
    const doc = parseDocument(file.text, { fileName: file.name });
    if (errorsOf(file.text, file.name).length > 0) continue;
    for (const state of definitionModel(doc).states.slice(0, 4)) {
      const newName = `${state.name} #2: "x"`;
      const outcome = renameState(doc, state.nameRange.start + 1, newName);
      renames++;
      if (!outcome.ok) {
        failures.push(`${file.name} ${state.name}: refused (${outcome.message})`);
        continue;
      }
      const renamed = apply(file.text, outcome.edits);
      const after = parseDocument(renamed, { fileName: file.name });
      const errors = errorsOf(renamed, file.name);
      const named = definitionModel(after).states.filter((s) => s.name === newName).length;
      if (errors.length > 0 || named !== 1) failures.push(`${file.name} ${state.name}: ${errors.join('; ')}`);
    }
  }
  assert.ok(renames > 1000, `${renames} renames`);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${renames} renames broke a definition`);
});

test('formatting real-world JSON definitions keeps their value and is idempotent', { skip }, () => {
  let formatted = 0;
  const failures: string[] = [];
  for (const file of corpus.files.filter((f) => f.format === 'json')) {
    const doc = parseDocument(file.text, { fileName: file.name });
    const once = apply(file.text, formatJson(doc, { tabSize: 2, insertSpaces: true }));
    const reparsed = parseDocument(once, { fileName: file.name });
    if (JSON.stringify(reparsed.value) !== JSON.stringify(doc.value))
      failures.push(`${file.name}: value changed`);
    if (formatJson(reparsed, { tabSize: 2, insertSpaces: true }).length > 0)
      failures.push(`${file.name}: not idempotent`);
    formatted++;
  }
  assert.ok(formatted > 500, `${formatted} formatted`);
  assert.deepEqual(failures.slice(0, 5), []);
});
