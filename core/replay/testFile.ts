// A replay case written as a `*.sfn-test.yaml` test file: the machine it names, one case with the
// recorded input, context, mocks and expectation, and what could not be reproduced as comments at the
// top (and beside the mock entries concerned), so the file says it wherever it is read.

import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import type { JsonObject, JsonValue } from '../json';
import type { ReplayCase } from './replay';

export interface ReplayFileOptions {
  /** The state machine file as the test file names it (relative to the test file's folder). */
  stateMachine: string;
  /** The case's name. */
  name: string;
  /** Where the history came from, for the header. */
  source: string;
  /** `validate: false` at the top (a machine AWS would reject as written, e.g. one with placeholders). */
  validate?: boolean;
}

function caseValue(replay: ReplayCase, name: string): JsonObject {
  const mocks: JsonObject = {};
  for (const [state, entries] of Object.entries(replay.mocks)) {
    mocks[state] = entries.map((entry) => {
      const out: JsonObject = {};
      if (entry.when !== undefined) out.when = entry.when;
      if (entry.return !== undefined) out.return = entry.return;
      if (entry.throw !== undefined) out.throw = { ...entry.throw };
      return out;
    });
  }
  const expect: JsonObject = {};
  const e = replay.expect;
  if (e.status !== undefined) expect.status = e.status;
  if (e.output !== undefined) expect.output = e.output;
  if (e.error !== undefined) expect.error = e.error;
  if (e.cause !== undefined) expect.cause = e.cause;
  expect.path = e.path;
  const value: JsonObject = { name, input: replay.input };
  if (Object.keys(replay.context).length > 0) value.context = { ...replay.context } as JsonObject;
  if (Object.keys(mocks).length > 0) value.mocks = mocks;
  value.expect = expect;
  return value;
}

/** The test file's text (YAML). */
export function replayTestFile(replay: ReplayCase, options: ReplayFileOptions): string {
  const file: JsonObject = { stateMachine: options.stateMachine };
  if (options.validate === false) file.validate = false;
  file.cases = [caseValue(replay, options.name)];
  const doc = new Document(file as JsonValue);
  const header = [
    ` Replays the execution recorded in ${options.source} (${replay.events} events), imported by`,
    ' `stepthrough import-history`. Run it with `stepthrough test`; edit the machine and run it',
    ' again to see what a change does to this execution.',
  ];
  if (replay.notes.length > 0) {
    header.push('', ' Not reproduced exactly (the replay may differ from AWS here):');
    for (const note of replay.notes) header.push(`  - ${note.message}`);
  }
  doc.commentBefore = header.join('\n');
  // Each mock entry that is not AWS's answer as it was, commented where it stands.
  const cases = doc.get('cases');
  const first = isSeq(cases) ? cases.items[0] : undefined;
  const mocks = isMap(first) ? (first as YAMLMap).get('mocks') : undefined;
  if (isMap(mocks)) {
    for (const pair of mocks.items) {
      const state = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
      const entries = replay.mocks[state] ?? [];
      if (!isSeq(pair.value)) continue;
      pair.value.items.forEach((item, index) => {
        const note = entries[index]?.note;
        if (note !== undefined && isMap(item)) item.commentBefore = ` ${note}`;
      });
      const keyed = entries.some((entry) => entry.when !== undefined);
      if (keyed && pair.value.items.length > 0)
        pair.value.commentBefore =
          ' keyed by request: Map iterations or Parallel branches call it in any order';
    }
  }
  return doc.toString({ lineWidth: 0 });
}
