// Positions between a template and its machine's resolved definition (core/model/source.ts): a source
// map's ranges both ways, a key of an inline definition by its path, and a definition file as its own source.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nodeAtPath, parseDocument } from '../parse';
import {
  definitionModel,
  findStateByName,
  definitionKeyOffset,
  definitionOffset,
  sourceRange,
  stateAtOffset,
} from './index';
import { JSON_MACHINE } from './model.fixture';

describe('a definition from a template: a source map back into the file', () => {
  test('state ranges map into the template, and template offsets back into the definition', () => {
    // The definition text sits 100 characters into a (pretend) template, unchanged.
    const document = parseDocument(JSON_MACHINE);
    const shift = 100;
    const model = definitionModel({
      document,
      sourceMap: {
        toSource: (range) => ({ file: 'template.yaml', start: range.start + shift, end: range.end + shift }),
        fromSource: (file, offset) =>
          file === 'template.yaml' && offset >= shift && offset <= shift + JSON_MACHINE.length
            ? offset - shift
            : undefined,
      },
    });
    const done = findStateByName(model, 'Done');
    assert.ok(done);
    assert.deepEqual(sourceRange(model, done.nameRange), {
      file: 'template.yaml',
      start: done.nameRange.start + shift,
      end: done.nameRange.end + shift,
    });
    const offset = definitionOffset(model, 'template.yaml', done.nameRange.start + shift + 1);
    assert.equal(offset === undefined ? undefined : stateAtOffset(model, offset)?.name, 'Done');
    assert.equal(definitionOffset(model, 'template.yaml', 5), undefined);
    assert.equal(definitionOffset(model, 'other.yaml', done.nameRange.start + shift), undefined);
  });

  test("a definition file's model maps to itself", () => {
    const model = definitionModel({ document: parseDocument(JSON_MACHINE), file: '/w/m.asl.json' });
    const done = findStateByName(model, 'Done');
    assert.ok(done);
    assert.deepEqual(sourceRange(model, done.nameRange), { file: '/w/m.asl.json', ...done.nameRange });
    assert.equal(definitionOffset(model, '/w/m.asl.json', 7), 7);
    assert.equal(definitionOffset(model, '/w/other.json', 7), undefined);
  });
});

describe("a key in a template's inline definition (the source map places values only)", () => {
  const TEMPLATE = [
    'Resources:',
    '  Flow:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      Definition:',
    '        StartAt: First',
    '        States:',
    '          First:',
    '            Type: Pass',
    '            End: true',
    '',
  ].join('\n');
  const written = parseDocument(TEMPLATE, { fileName: 'template.yaml' });
  const text = JSON.stringify({ StartAt: 'First', States: { First: { Type: 'Pass', End: true } } }, null, 2);
  const document = parseDocument(text, { format: 'json' });
  const inline = nodeAtPath(written.ast, ['Resources', 'Flow', 'Properties', 'Definition']);
  assert.ok(inline);
  // A source map that knows the definition's root only (as a template's does, with more entries).
  const model = definitionModel({
    document,
    sourceMap: {
      toSource: (range) =>
        range.start === document.ast?.range.start
          ? { file: 'template.yaml', start: inline.range.start, end: inline.range.end }
          : undefined,
      fromSource: (file, offset) =>
        file === 'template.yaml' && offset >= inline.range.start && offset <= inline.range.end
          ? 0
          : undefined,
    },
  });
  const at = (needle: string, from = 0) => TEMPLATE.indexOf(needle, from) + 1;
  const keyAt = (offset: number | undefined) =>
    offset === undefined ? undefined : /^"(\w+)"/.exec(text.slice(offset))?.[1];

  test("a state's name and a field's name map to the same key of the definition", () => {
    const first = definitionKeyOffset(model, written, 'template.yaml', at('First:'));
    assert.equal(keyAt(first), 'First');
    assert.equal(first === undefined ? undefined : stateAtOffset(model, first)?.name, 'First');
    const type = definitionKeyOffset(model, written, 'template.yaml', at('Type: Pass'));
    assert.equal(keyAt(type), 'Type');
    assert.equal(text.lastIndexOf('"Type"'), type, "First's own Type, not the resource's");
    assert.equal(keyAt(definitionKeyOffset(model, written, 'template.yaml', at('StartAt'))), 'StartAt');
  });

  test('a value, a key outside the definition or another file maps to no key', () => {
    assert.equal(definitionKeyOffset(model, written, 'template.yaml', at('Pass')), undefined);
    assert.equal(definitionKeyOffset(model, written, 'template.yaml', at('Resources')), undefined);
    assert.equal(definitionKeyOffset(model, written, 'template.yaml', at('Type: AWS')), undefined);
    assert.equal(definitionKeyOffset(model, written, 'other.yaml', at('First:')), undefined);
  });

  test('a definition file is its own source: a key is where it is written', () => {
    const file = parseDocument(text, { format: 'json' });
    const own = definitionModel({ document: file, file: '/w/m.asl.json' });
    const key = text.indexOf('"First": {') + 1;
    assert.equal(definitionKeyOffset(own, file, '/w/m.asl.json', key), key);
    assert.equal(definitionKeyOffset(own, file, '/w/m.asl.json', text.indexOf('"Pass"') + 1), undefined);
    assert.equal(definitionKeyOffset(own, file, '/w/other.json', key), undefined);
  });
});
