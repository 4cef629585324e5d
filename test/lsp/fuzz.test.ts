// Property test: thousands of random edits (deletions, insertions, truncations, pastes) to real-world
// definitions through the live server, with requests at random positions after each. Every request gets an
// answer, the server logs no error and stays up, and after each document's last edit the published
// diagnostics equal core validate() of the text the client holds (so incremental sync never drifts).
// Seed: STEPTHROUGH_FUZZ_SEED (default 20240601). Skips, saying why, when ../shared/corpus is absent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position } from 'vscode-languageserver/node';
import { validate } from '../../core/validate';
import { LspTestClient } from './client';
import { loadCorpus } from './corpus';

const DOCUMENTS = 60;
const EDITS_PER_DOCUMENT = 60;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '{', '}', '[', ']', '"', ':', ',', '\n', '\r\n', '  ', '\t', '"Next": "', '"End": true', '"Type": "Task"',
  '{% $states.input %}', '{%', '%}', '$states.', '$$.', 'States.Format(', "'{}'", '.$', '\\', '\\u00', 'é😀',
  '- ', ': ', '&anchor ', '*anchor', '!Ref ', '# comment', '${Placeholder}', 'null', '-1e999', '"States": {',
  '"Choices": [', '"Branches": [{', '"ItemProcessor": {', '"QueryLanguage": "JSONata"', '\u0000', '\ufeff',
]; // prettier-ignore

type Edit = { kind: string; start: number; end: number; text: string };

function randomEdit(text: string, random: () => number, original: string): Edit {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const at = Math.floor(random() * (text.length + 1));
  const roll = random();
  if (roll < 0.35)
    return {
      kind: 'delete',
      start: at,
      end: Math.min(text.length, at + 1 + Math.floor(random() * 40)),
      text: '',
    };
  if (roll < 0.7) return { kind: 'insert', start: at, end: at, text: pick(SNIPPETS) };
  if (roll < 0.82) {
    const from = Math.floor(random() * text.length);
    return { kind: 'paste', start: at, end: at, text: text.slice(from, from + Math.floor(random() * 80)) };
  }
  if (roll < 0.92) return { kind: 'truncate', start: at, end: text.length, text: '' };
  if (roll < 0.97)
    return {
      kind: 'replace-char',
      start: at,
      end: Math.min(text.length, at + 1),
      text: String.fromCharCode(32 + Math.floor(random() * 95)),
    };
  return { kind: 'reset', start: 0, end: text.length, text: original };
}

const REQUESTS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/documentSymbol',
  'textDocument/foldingRange',
  'textDocument/formatting',
  'textDocument/codeAction',
  'stepthrough/request',
] as const;

function requestParams(
  method: (typeof REQUESTS)[number],
  uri: string,
  position: Position,
  diagnostics: Diagnostic[],
  random: () => number,
): unknown {
  const textDocument = { uri };
  switch (method) {
    case 'textDocument/references':
      return { textDocument, position, context: { includeDeclaration: random() < 0.5 } };
    case 'textDocument/rename':
      return {
        textDocument,
        position,
        newName: random() < 0.2 ? '' : `Renamed ${Math.floor(random() * 1000)}`,
      };
    case 'textDocument/documentSymbol':
    case 'textDocument/foldingRange':
      return { textDocument };
    case 'textDocument/formatting':
      return {
        textDocument,
        options: { tabSize: 1 + Math.floor(random() * 4), insertSpaces: random() < 0.8 },
      };
    case 'textDocument/codeAction': {
      const diagnostic = diagnostics[Math.floor(random() * diagnostics.length)];
      const range = diagnostic?.range ?? { start: position, end: position };
      return { textDocument, range, context: { diagnostics: diagnostic ? [diagnostic] : [] } };
    }
    case 'stepthrough/request':
      return [
        { type: 'stateAt', uri, position },
        { type: 'statesOnLines', uri, lines: [position.line, position.line + 1] },
        { type: 'findState', uri, name: 'Start' },
        { type: 'describe', uri },
        { type: 'graph', uri },
      ][Math.floor(random() * 5)];
    default:
      return { textDocument, position };
  }
}

const corpus = loadCorpus('real-world');

test(
  'the server survives thousands of random edits to real definitions and answers every request',
  { skip: corpus.missing ? `skipped: ${corpus.missing}` : false, timeout: 120_000 },
  async () => {
    const seed = Number(process.env.STEPTHROUGH_FUZZ_SEED ?? 20240601);
    const random = mulberry32(seed);
    const client = await LspTestClient.start({ debounceMs: 2 });
    const failures: string[] = [];
    let requests = 0;
    let edits = 0;
    try {
      const files = corpus.files
        .filter((_, i) => i % Math.max(1, Math.floor(corpus.files.length / DOCUMENTS)) === 0)
        .slice(0, DOCUMENTS);
      for (const [index, file] of files.entries()) {
        const uri = `file:///fuzz/${index}/${file.name.split('/').pop() ?? 'x.asl.json'}`;
        const languageId = file.format === 'yaml' ? 'asl-yaml' : 'asl';
        let text = file.text;
        await client.open(uri, text, languageId);
        const pending: Promise<void>[] = [];
        let version = 1;
        for (let e = 0; e < EDITS_PER_DOCUMENT; e++) {
          const edit = randomEdit(text, random, file.text);
          const before = TextDocument.create(uri, languageId, version, text);
          const range = { start: before.positionAt(edit.start), end: before.positionAt(edit.end) };
          // LSP positions cannot point between \r and \n: apply the edit where its positions really are.
          text =
            text.slice(0, before.offsetAt(range.start)) + edit.text + text.slice(before.offsetAt(range.end));
          version = await client.change(uri, random() < 0.1 ? [{ text }] : [{ range, text: edit.text }]);
          edits++;
          const count = 1 + Math.floor(random() * 2);
          for (let r = 0; r < count; r++) {
            const method = REQUESTS[Math.floor(random() * REQUESTS.length)] ?? 'textDocument/hover';
            const offset = Math.floor(random() * (text.length + 20)) - 10;
            const position: Position =
              random() < 0.05
                ? { line: Math.floor(random() * 5000), character: Math.floor(random() * 300) }
                : TextDocument.create(uri, languageId, 0, text).positionAt(offset);
            const params = requestParams(method, uri, position, client.latestDiagnostics(uri) ?? [], random);
            requests++;
            pending.push(
              client.request(method, params).then(
                () => undefined,
                (error: { code?: number; message?: string }) => {
                  // A refused rename is an answer (InvalidParams with the reason); anything else is a failure.
                  if (!(method === 'textDocument/rename' && error.code === -32602)) {
                    failures.push(
                      `${file.name} v${version} ${method} ${JSON.stringify(params)}: ${error.message ?? String(error)}`,
                    );
                  }
                },
              ),
            );
          }
        }
        await Promise.all(pending);
        const published = await client.diagnosticsOfVersion(uri, version);
        const expected = validate(text, {
          fileName: file.format === 'yaml' ? 'x.asl.yaml' : 'x.asl.json',
          format: file.format,
        });
        const shape = (list: { code?: unknown; range: unknown }[]): string[] =>
          list.map((d) => `${String(d.code)}@${JSON.stringify(d.range)}`);
        if (JSON.stringify(shape(published.diagnostics)) !== JSON.stringify(shape(expected))) {
          failures.push(
            `${file.name}: diagnostics of the final version differ from validate() (seed ${seed}): ` +
              `${JSON.stringify(shape(published.diagnostics)).slice(0, 400)} vs ${JSON.stringify(shape(expected)).slice(0, 400)}; text ${JSON.stringify(text.slice(0, 300))}`,
          );
        }
        const internal = published.diagnostics.filter((d) => d.code === 'ASL000');
        if (internal.length > 0)
          failures.push(`${file.name}: the validator failed internally: ${internal[0]?.message ?? ''}`);
        await client.close(uri);
      }
      assert.ok(edits >= 3000, `${edits} edits`);
      assert.ok(requests >= 3000, `${requests} requests`);
      assert.deepEqual(failures.slice(0, 10), [], `seed ${seed}: ${failures.length} failures`);
      assert.deepEqual(client.errors.slice(0, 5), [], `seed ${seed}: the server logged errors`);
      assert.ok(client.alive, 'the server is still running');
    } finally {
      const code = await client.stop();
      assert.equal(code, 0, `the server exits cleanly (stderr: ${client.stderr.join('').slice(0, 500)})`);
    }
  },
);
