// What a file name says (the state machine's name, ASL file names) and the one rule for "is this a state
// machine?" (core/model/classify.ts), shared by the CLI, the language server and the extension.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../parse';
import { isAslFileName, stateMachineEvidence, stateMachineNameOf } from './index';

describe('what a file name says', () => {
  test('the state machine name drops the folders, .asl and the format', () => {
    assert.equal(stateMachineNameOf('/w/order.asl.json'), 'order');
    assert.equal(stateMachineNameOf('/w/order.asl.yml'), 'order');
    assert.equal(stateMachineNameOf('C:\\w\\flow.yaml'), 'flow');
    assert.equal(stateMachineNameOf('my.flow.json'), 'my.flow');
    assert.equal(stateMachineNameOf('/w/notes.txt'), 'notes.txt');
  });

  test('ASL file names', () => {
    assert.ok(isAslFileName('/w/order.asl.json'));
    assert.ok(isAslFileName('ORDER.ASL.YML'));
    assert.ok(!isAslFileName('/w/order.json'));
    assert.ok(!isAslFileName('/w/order.asl.json.txt'));
  });
});

describe('is this a state machine? (one rule for the CLI, the language server and the extension)', () => {
  const evidence = (text: string, facts = {}) => stateMachineEvidence(parseDocument(text), facts);

  test('StartAt and States make one, even half-typed', () => {
    assert.equal(evidence('{"StartAt": "A", "States": {}}'), 'content');
    assert.equal(evidence('StartAt: A\nStates:\n'), 'content');
    assert.equal(evidence('{"StartAt": "A", "States": '), 'content');
  });

  test('States without StartAt makes one when some member is an object with a Type', () => {
    assert.equal(evidence('{"States": {"A": {"Type": "Pass", "End": true}}}'), 'content');
    assert.equal(evidence('States:\n  A: {Type: Succeed}\n'), 'content');
    assert.equal(evidence('{"States": ["CA", "NY"]}'), undefined);
    assert.equal(evidence('{"States": {"CA": "Sacramento"}}'), undefined);
    assert.equal(evidence('{"States": {"CA": {"capital": "Sacramento"}}}'), undefined);
    assert.equal(evidence('{"States": 3}'), undefined);
  });

  test('StartAt alone, other objects, other values and unparsable text do not', () => {
    assert.equal(evidence('{"StartAt": "A"}'), undefined);
    assert.equal(evidence('{"name": "x"}'), undefined);
    assert.equal(evidence('[1, 2]'), undefined);
    assert.equal(evidence(''), undefined);
    assert.equal(evidence('{"States": {"A": {"Type": "Pass"'), 'content');
  });

  test('a name, a language id or the user saying so make one whatever the text', () => {
    assert.equal(evidence('{}', { fileName: '/w/x.asl.yaml' }), 'fileName');
    assert.equal(evidence('{}', { languageId: 'asl' }), 'language');
    assert.equal(evidence('{}', { languageId: 'asl-yaml', fileName: '/w/x.yaml' }), 'language');
    assert.equal(evidence('{"name": "x"}', { fileName: '/w/package.json', named: true }), 'named');
    assert.equal(evidence('{"name": "x"}', { fileName: '/w/package.json', languageId: 'json' }), undefined);
  });
});
