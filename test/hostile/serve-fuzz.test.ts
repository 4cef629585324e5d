// Fuzz test of one long-lived `stepthrough serve` (issue #20's proof): a fixed, seeded count of requests
// to ONE server process, run as shipped (bundled) under a memory cap: real-world machines from
// ../shared/corpus with random inputs and mocks (and random testState targets), Pass states whose
// Output is random JSONata from a small grammar, and hostile requests (prototype pollution through
// JSONata, non-terminating recursion, backtracking patterns, oversized and deeply nested input, device
// files, garbage lines, duplicate ids, handler calls answered at random). Every request must be
// answered, never with an internal error; then a sentinel machine (Parallel, Map, Retry, Choice,
// intrinsics, JSONata) must give exactly the result it gave before the storm: nothing leaks between
// requests. Seed: STEPTHROUGH_FUZZ_SEED (default 20240601); count: STEPTHROUGH_SERVE_FUZZ_COUNT.
// Skips, saying why, when ../shared/corpus is absent.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { walkStates } from '../../core/model';
import type { JsonObject } from '../../core';
import { loadCorpus, type CorpusFile } from '../lsp/corpus';
import { bundle, HANG_GUARD_MS, hostileFolder, POSIX, type HostileFolder } from './fixtures';
import { ServeProcess, type Message } from './serveProcess';

const SEED = Number(process.env.STEPTHROUGH_FUZZ_SEED ?? 20240601);
/** About 15 s on this project's 2-core machine. */
const COUNT = Number(process.env.STEPTHROUGH_SERVE_FUZZ_COUNT ?? 1200);
/** Requests sent before their answers are awaited: the server runs them concurrently. */
const BATCH = 8;

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

class Dice {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

// ---- random JSON values ------------------------------------------------------------------------------

const KEYS = [
  'a',
  'b',
  'n',
  'items',
  'Payload',
  'orderId',
  '__proto__',
  'constructor',
  'toString',
  'é😀',
  '',
];
const STRINGS = ['', 'x', 'hello', 'é😀', '{% 1 %}', '$.a', '<script>', 'a'.repeat(300), '\u0000', '1e999'];

function randomJson(dice: Dice, depth = 3): unknown {
  const roll = dice.int(depth <= 0 ? 5 : 8);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return dice.chance(0.5);
    case 2:
      return dice.pick([0, -1, 1.5, 42, 2 ** 53, -(2 ** 31), 1e308, 5e-324]);
    case 3:
    case 4:
      return dice.pick(STRINGS);
    case 5:
    case 6: {
      const out: Record<string, unknown> = {};
      for (let i = dice.int(4); i > 0; i--) out[dice.pick(KEYS)] = randomJson(dice, depth - 1);
      return out;
    }
    default:
      return Array.from({ length: dice.int(4) }, () => randomJson(dice, depth - 1));
  }
}

// ---- random JSONata ----------------------------------------------------------------------------------

const PATHS = [
  '$states.input',
  '$states.input.a',
  '$states.input.items[0]',
  '$states.input.n',
  '$states.context.Execution.Name',
  '$states.context.State.Name',
];
const UNARY = [
  '$string',
  '$number',
  '$length',
  '$uppercase',
  '$count',
  '$sum',
  '$keys',
  '$exists',
  '$type',
  '$boolean',
  '$not',
  '$abs',
  '$floor',
  '$sort',
  '$reverse',
  '$distinct',
  '$flatten',
  '$spread',
  '$trim',
];
const BINARY = ['+', '-', '*', '/', '%', '&', '=', '!=', '<', '>', '<=', '>=', 'and', 'or', 'in'];

function jsonata(dice: Dice, depth = 3): string {
  const leaf = (): string =>
    dice.pick([
      () => String(dice.pick([0, 1, -2, 3.5, 1e300])),
      () => JSON.stringify(dice.pick(['', 'a', 'b,c', 'é'])),
      () => dice.pick(['true', 'false', 'null', '[]', '{}']),
      () => dice.pick(PATHS),
      () => '$x',
    ])();
  if (depth <= 0) return leaf();
  const sub = (): string => jsonata(dice, depth - 1);
  return dice.pick([
    leaf,
    () => `(${sub()} ${dice.pick(BINARY)} ${sub()})`,
    () => `${dice.pick(UNARY)}(${sub()})`,
    () => `$substring(${sub()}, ${dice.int(5)}, ${dice.int(5)})`,
    () => `$join($map([${sub()}, ${sub()}], function($v){ $string($v) }), ",")`,
    () => `$filter([${sub()}, ${sub()}], function($v){ $boolean($v) })`,
    () => `$reduce([1, 2, 3], function($a, $b){ $a + $b }, ${dice.int(9)})`,
    () => `$merge([${sub()}, {"k": ${sub()}}])`,
    () => `$lookup(${sub()}, ${JSON.stringify(dice.pick(KEYS))})`,
    () => `(${sub()} ? ${sub()} : ${sub()})`,
    () => `[${sub()}, ${sub()}]`,
    () => `{"k": ${sub()}, "m": ${sub()}}`,
    () => `($x := ${sub()}; ${sub()})`,
    () => `${sub()}.${dice.pick(['a', 'n', 'items', 'constructor', '__proto__'])}`,
    () => `$split(${sub()}, ",")`,
    () => `$power(${sub()}, ${dice.int(4)})`,
  ])();
}

/** Expressions that attack the process rather than compute. */
const HOSTILE_JSONATA = [
  // Issue #20 finding 2: a getter on Object.prototype would break every later run of the process.
  "$states.input.__proto__.__defineGetter__('polluted', $states.input.constructor)",
  "$states.input.constructor.prototype.__defineSetter__('Catch', $states.input.constructor)",
  "$lookup($states.input, '__proto__')",
  '$states.input.constructor',
  '$merge([{}, $states.input])',
  // Non-terminating recursion (the engine's depth and time guards stop it).
  '($f := function($x){ $f($x) }; $f(1))',
  // Backtracking, on a string short enough to stay cheap under any engine.
  '$contains("aaaaaaaaaaaaaaaa!", /^(a+)+$/)',
  '$replace("aaaaaaaaaaaaaaaa", /(a|a)*b/, "x")',
  '[1..10000001]',
  '$join($map([1..20000], function($v){ "xxxxxxxxxx" }))',
  '$eval("$states.input")',
  '$sum([1..100000])',
];

function jsonataMachine(expression: string): JsonObject {
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'Compute',
    States: { Compute: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } },
  };
}

// ---- the sentinel ------------------------------------------------------------------------------------

const SENTINEL = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Pass',
      Parameters: {
        'items.$': '$.items',
        'count.$': 'States.ArrayLength($.items)',
        'label.$': "States.Format('order {}', $.orderId)",
      },
      Next: 'Fanout',
    },
    Fanout: {
      Type: 'Parallel',
      ResultPath: '$.fan',
      Next: 'Decide',
      Branches: [
        {
          StartAt: 'Double',
          States: {
            Double: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: {
                ProcessorConfig: { Mode: 'INLINE' },
                StartAt: 'Twice',
                States: {
                  Twice: { Type: 'Pass', Parameters: { 'double.$': 'States.MathAdd($.n, $.n)' }, End: true },
                },
              },
              End: true,
            },
          },
        },
        {
          StartAt: 'Charge',
          States: {
            Charge: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'charge', 'Payload.$': '$' },
              OutputPath: '$.Payload',
              Retry: [
                { ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 2, IntervalSeconds: 3 },
              ],
              End: true,
            },
          },
        },
      ],
    },
    Decide: {
      Type: 'Choice',
      Choices: [{ Variable: '$.count', NumericGreaterThan: 2, Next: 'Big' }],
      Default: 'Small',
    },
    Big: { Type: 'Pass', Result: 'big', ResultPath: '$.size', Next: 'Summarise' },
    Small: { Type: 'Pass', Result: 'small', ResultPath: '$.size', Next: 'Summarise' },
    Summarise: {
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      Output:
        "{% {'label': $states.input.label, 'total': $sum($states.input.fan[0].double), 'charged': $states.input.fan[1].charged, 'size': $states.input.size, 'polluted': $exists({}.polluted)} %}",
      End: true,
    },
  },
};

function sentinelRequest(id: number): Message & { id: number } {
  return {
    id,
    type: 'execute',
    definition: { inline: SENTINEL, name: 'Sentinel' },
    input: { orderId: 7, items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
    mocks: {
      kind: 'inline',
      value: {
        Charge: [
          { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
          { Return: { Payload: { charged: true } } },
        ],
      },
    },
  };
}

// ---- requests ----------------------------------------------------------------------------------------

interface Machine {
  file: CorpusFile;
  definition: JsonObject | undefined;
  tasks: string[];
  states: string[];
}

function readMachine(file: CorpusFile): Machine {
  let definition: JsonObject | undefined;
  try {
    const value: unknown = file.format === 'json' ? JSON.parse(file.text) : undefined;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      definition = value as JsonObject;
  } catch {
    definition = undefined;
  }
  const visits = definition ? walkStates(definition) : [];
  return {
    file,
    definition,
    tasks: visits.filter((v) => v.definition.Type === 'Task').map((v) => v.name),
    states: visits.map((v) => v.name),
  };
}

function randomMocks(dice: Dice, machine: Machine): Message | undefined {
  if (machine.tasks.length === 0 || dice.chance(0.2)) return undefined;
  const value: Record<string, unknown> = {};
  for (const task of machine.tasks) {
    const roll = dice.int(10);
    if (roll < 6) value[task] = { Return: randomJson(dice, 2) };
    else if (roll < 8)
      value[task] = [
        {
          Throw: {
            Error: dice.pick(['States.TaskFailed', 'Lambda.ServiceException', 'Custom']),
            Cause: 'fuzz',
          },
        },
        { Return: {} },
      ];
    else value[task] = { handler: 'fuzz:handler' };
  }
  return { kind: 'inline', value };
}

function corpusRequest(dice: Dice, id: number, machines: Machine[]): Message & { id: number } {
  const machine = dice.pick(machines);
  const request: Message & { id: number } = {
    id,
    type: 'execute',
    definition: { file: machine.file.path },
    input: randomJson(dice),
    settings: { maxTransitions: 300, seed: dice.int(1000) },
  };
  const mocks = randomMocks(dice, machine);
  if (mocks) request.mocks = mocks;
  if (machine.states.length > 0 && dice.chance(0.25)) {
    request.type = 'testState';
    request.state = dice.pick(machine.states);
  }
  return request;
}

/** An input given as `${DEEP}n` is sent as n nested arrays. */
const DEEP = 'deep:';

/** The request as one line: a DEEP input is spliced in as text. */
function lineOf(request: Message): string {
  const input = request.input;
  if (typeof input !== 'string' || !input.startsWith(DEEP)) return JSON.stringify(request);
  const depth = Number(input.slice(DEEP.length));
  return JSON.stringify({ ...request, input: 0 }).replace(
    '"input":0',
    `"input":${'['.repeat(depth)}0${']'.repeat(depth)}`,
  );
}

function hostileRequest(
  dice: Dice,
  id: number,
  folder: HostileFolder,
  machines: Machine[],
): Message & { id: number } {
  return dice.pick([
    () => ({
      id,
      type: 'execute',
      definition: { inline: jsonataMachine(dice.pick(HOSTILE_JSONATA)) },
      input: randomJson(dice),
    }),
    () => ({
      id,
      type: 'execute',
      definition: { file: dice.pick(['/dev/zero', folder.fifo, folder.zeroLink, folder.huge, folder.dir]) },
    }),
    // Nested deeper than JSON.stringify (or a naive recursive walk) can go: written as text.
    () => ({
      id,
      type: 'execute',
      definition: { inline: jsonataMachine('$states.input') },
      input: `${DEEP}${dice.pick([100, 2000, 20000])}`,
    }),
    () => ({
      id,
      type: 'execute',
      definition: { inline: jsonataMachine('$states.input') },
      input: { big: 'x'.repeat(dice.pick([200_000, 300_000])) },
    }),
    () => ({
      id,
      type: 'execute',
      definition: { inline: jsonataMachine('1') },
      input: JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      ) as unknown,
    }),
    () => ({
      id,
      type: 'listTestFile',
      file: dice.pick([
        folder.path('e-linked.sfn-test.yaml'),
        folder.path('h-references.sfn-test.yaml'),
        dice.pick(machines).file.path,
      ]),
    }),
    () => ({
      id,
      type: 'runTestFile',
      file: dice.pick([folder.path('g-fifo.sfn-test.yaml'), folder.roleTestFile]),
    }),
    () => ({
      id,
      type: 'execute',
      definition: { inline: jsonataMachine('1') },
      settings: { maxTransitions: dice.pick([-5, 0, 1e8, 1.5]) },
    }),
    () => ({ id, type: 'testState', state: 'Nope', definition: { inline: jsonataMachine('1') } }),
    () => ({
      id,
      type: 'execute',
      definition: { inline: { StartAt: 'Loop', States: { Loop: { Type: 'Pass', Next: 'Loop' } } } },
      settings: { maxTransitions: 1000 },
    }),
  ])() as Message & { id: number };
}

/** Lines that are not requests: each gets one protocol error (id null, or its own id). */
const GARBAGE = [
  'not json',
  '[]',
  '{}',
  '{"id": 1.5, "type": "execute"}',
  '{"type": "handlerResult", "callId": 99999, "ok": true, "value": 1}',
  '"text"',
  'null',
  '{"id": -1, "type": "launch"}',
];

// ---- the test ----------------------------------------------------------------------------------------

const real = loadCorpus('real-world');
const invalid = loadCorpus('invalid');
const skip = !POSIX
  ? 'FIFOs, /dev/zero and ulimit are POSIX'
  : real.missing
    ? `skipped: ${real.missing}`
    : false;

describe('serve under a storm of requests', { skip, timeout: HANG_GUARD_MS * 2 }, () => {
  let server: ServeProcess;
  let folder: HostileFolder;
  const machines: Machine[] = [];
  before(async () => {
    folder = hostileFolder();
    server = new ServeProcess(await bundle('cli'));
    for (const file of [...real.files, ...invalid.files]) machines.push(readMachine(file));
  });
  after(async () => {
    if (server.child.exitCode === null) await server.close();
  });

  test(`${COUNT} seeded requests (seed ${SEED}), then the sentinel gives its known result`, async () => {
    const dice = new Dice(mulberry32(SEED));
    // Each handler call's answer depends only on the call (not on when it arrives): runs stay reproducible.
    server.onInvoke = (call) => {
      const context = call.context as { invocation?: number; attempt?: number } | undefined;
      const own = new Dice(
        mulberry32(
          SEED + Number(call.requestId) * 1009 + (context?.invocation ?? 0) * 31 + (context?.attempt ?? 0),
        ),
      );
      return own.pick([
        { ok: true, value: randomJson(own, 2) },
        { ok: false, error: 'ValueError', cause: 'fuzz' },
        {
          ok: false,
          error: 'ValueError',
          cause: { errorMessage: 'fuzz', errorType: 'ValueError', stackTrace: [] },
        },
        { ok: false, error: 'Stepthrough.Stopped', cause: 'stop', abort: true },
      ]);
    };
    const before = await server.request(sentinelRequest(1));
    assert.equal(before.ok, true, JSON.stringify(before));
    const known = before.result as { status: string; output: unknown };
    assert.equal(known.status, 'SUCCEEDED');
    assert.deepEqual(known.output, {
      label: 'order 7',
      total: 12,
      charged: true,
      size: 'big',
      polluted: false,
    });

    const kinds = new Map<string, number>();
    const internal: string[] = [];
    let garbage = 0;
    let id = 10;
    for (let sent = 0; sent < COUNT;) {
      const batch: { request: Message & { id: number }; answer: Promise<Message> }[] = [];
      for (let i = 0; i < BATCH && sent < COUNT; i++, sent++) {
        const roll = dice.random();
        let request: Message & { id: number };
        if (roll < 0.5) request = corpusRequest(dice, ++id, machines);
        else if (roll < 0.75)
          request = {
            id: ++id,
            type: 'execute',
            definition: { inline: jsonataMachine(jsonata(dice)) },
            input: randomJson(dice),
          };
        else if (roll < 0.93) request = hostileRequest(dice, ++id, folder, machines);
        else {
          // A line that is not a request, then a request and its duplicate in one write (so the first
          // is surely in flight): two protocol errors with no request waiting for them, one answer.
          server.write(dice.pick(GARBAGE));
          request = { id: ++id, type: 'execute', definition: { inline: jsonataMachine('1') } };
          const first = server.response(id);
          server.write(`${JSON.stringify(request)}\n${JSON.stringify(request)}`);
          batch.push({ request, answer: first });
          garbage++;
          continue;
        }
        kinds.set(request.type ?? '?', (kinds.get(request.type ?? '?') ?? 0) + 1);
        batch.push({ request, answer: server.requestLine(request.id, lineOf(request)) });
      }
      for (const { request, answer } of batch) {
        const response = await answer;
        assert.equal(typeof response.ok, 'boolean', JSON.stringify(response).slice(0, 300));
        const error = response.error as { code?: string; message?: string } | undefined;
        const result = response.result as { status?: string; error?: string; cause?: string } | undefined;
        if (error?.code === 'E_INTERNAL' || result?.error === 'Stepthrough.InternalError')
          internal.push(
            `${JSON.stringify(request).slice(0, 300)} → ${(error?.message ?? result?.cause ?? '').slice(0, 400)}`,
          );
      }
    }
    assert.deepEqual(internal, [], `internal errors:\n${internal.join('\n')}`);
    // Each garbage line and each duplicate got exactly one protocol error.
    assert.equal(server.unmatched.length, 2 * garbage);
    for (const message of server.unmatched) {
      assert.equal(message.ok, false);
      assert.equal((message.error as { code?: string }).code, 'E_PROTOCOL', JSON.stringify(message));
    }
    assert.ok(
      garbage > 0 && (kinds.get('execute') ?? 0) > 0 && (kinds.get('testState') ?? 0) > 0,
      JSON.stringify([...kinds]),
    );

    const after = await server.request(sentinelRequest(2));
    assert.equal(after.ok, true, JSON.stringify(after).slice(0, 500));
    assert.deepEqual(
      after.result,
      before.result,
      'the sentinel machine gives the result it gave before the storm',
    );
    assert.equal(server.child.exitCode, null, 'the server is still running');
  });
});
