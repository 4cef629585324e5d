// Validation benchmark for `npm run bench`: full validation of a generated 1,000-state machine, and the
// real-world corpus validated by Stepthrough, asl-validator and amazon-states-language-service side by
// side (time per document, and how many valid real definitions each wrongly rejects).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import type { validate as ValidateFunction } from '../../core/validate';
import { REAL_WORLD_REJECTED } from '../corpus/aws-rejects';
import { type CorpusFile, loadCorpus } from './corpus';

export interface PeerResult {
  name: 'stepthrough' | 'asl-validator' | 'amazon-states-language-service';
  /** How many real-world definitions it ran on (asl-validator: a sample unless asked for all). */
  documents: number;
  /** Mean wall time per document, parsing included (the best of the timed passes). */
  msPerDocument: number;
  /** The same, over the JSON definitions only, and over the YAML ones. */
  msPerJsonDocument?: number;
  msPerYamlDocument?: number;
  /** Real-world definitions the tool reports at least one error for, but for those AWS rejects too. */
  wronglyRejected: number;
  /** Real-world definitions it rejects that AWS rejects as written too (test/corpus/aws-rejects.ts). */
  rejectedLikeAws: number;
  /** A few of them, for the report. */
  rejectedExamples: string[];
  /** Set when the tool could not be loaded or run. */
  error?: string;
  /**
   * The first pass in a fresh process (module caches empty: no parse cache filled, code not yet
   * optimised), per document; the warm figure above is the best of the later passes.
   */
  coldMsPerDocument?: number;
}

export interface ValidationBench {
  largeMachine: { states: number; bytes: number; medianMs: number; minMs: number; diagnostics: number };
  corpus: {
    documents: number;
    /** Why the corpus part was skipped. */
    missing?: string;
    peers: PeerResult[];
    /** amazon-states-language-service time per document ÷ Stepthrough's, best pass to best pass (target ≥ 5). */
    speedupVsLanguageService?: number;
    /** Its pass time ÷ ours, the median over the passes run side by side. */
    medianPassSpeedupVsLanguageService?: number;
    /** The same ratio for the cold passes. */
    coldSpeedupVsLanguageService?: number;
    /** asl-validator time per document ÷ Stepthrough's. */
    speedupVsAslValidator?: number;
  };
}

type Json = Record<string, unknown>;

/**
 * A valid machine of exactly `target` states (nested ones counted): Tasks with Retry/Catch, Choices,
 * Maps, Parallels. With `mistakes`, every 10th Task carries one of the mistakes users make (a field
 * typo, an unknown Resource action, a broken JSONPath, an unknown intrinsic function), so validating
 * it measures the reporting of real diagnostics too.
 */
export function generateMachine(
  target = 1000,
  options: { mistakes?: boolean } = {},
): { definition: Json; states: number } {
  const states: Record<string, Json> = {};
  let count = 0;
  let index = 0;
  let tasks = 0;
  const names: string[] = [];
  const pass = (end: boolean, next?: string): Json =>
    end ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: next };
  while (count < target - 1) {
    const name = `State${index}`;
    const kind = index % 6;
    const remaining = target - 1 - count;
    if (kind === 4 && remaining >= 3) {
      states[name] = {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 4,
        ItemProcessor: {
          StartAt: `${name}A`,
          States: { [`${name}A`]: pass(false, `${name}B`), [`${name}B`]: pass(true) },
        },
      };
      count += 3;
    } else if (kind === 5 && remaining >= 5) {
      const branch = (suffix: string): Json => ({
        StartAt: `${name}${suffix}1`,
        States: {
          [`${name}${suffix}1`]: pass(false, `${name}${suffix}2`),
          [`${name}${suffix}2`]: pass(true),
        },
      });
      states[name] = { Type: 'Parallel', Branches: [branch('L'), branch('R')], ResultPath: '$.parallel' };
      count += 5;
    } else if (kind === 1) {
      states[name] = {
        Type: 'Choice',
        Choices: [
          { Variable: '$.count', NumericGreaterThan: index, Next: 'PLACEHOLDER' },
          {
            And: [
              { Variable: '$.name', IsPresent: true },
              { Variable: '$.name', StringMatches: 'a*' },
            ],
            Next: 'PLACEHOLDER',
          },
        ],
        Default: 'PLACEHOLDER',
      };
      count += 1;
    } else if (kind === 3) {
      states[name] = { Type: 'Wait', Seconds: 1 };
      count += 1;
    } else {
      states[name] = {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          FunctionName: `fn-${index}`,
          'Payload.$': "States.Format('item {} of {}', $.id, States.ArrayLength($.items))",
        },
        ResultSelector: { 'body.$': '$.Payload' },
        ResultPath: '$.result',
        Retry: [
          { ErrorEquals: ['States.Timeout'], MaxAttempts: 2 },
          { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, BackoffRate: 1.5 },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        TimeoutSeconds: 30,
      };
      if (options.mistakes && tasks % 10 === 0) addMistake(states[name] as Json, tasks / 10);
      tasks += 1;
      count += 1;
    }
    names.push(name);
    index++;
  }
  names.forEach((name, i) => {
    const state = states[name] as Json;
    const next = names[i + 1] ?? 'Failed';
    if (state.Type === 'Choice') {
      for (const rule of state.Choices as Json[]) rule.Next = next;
      state.Default = next;
    } else if (next === 'Failed') state.End = true;
    else state.Next = next;
  });
  states.Failed = { Type: 'Fail', Error: 'Generated.Failure', Cause: 'a task failed' };
  count += 1;
  return {
    definition: { Comment: `Generated ${count}-state machine`, StartAt: names[0], States: states },
    states: count,
  };
}

/** One mistake of four kinds, in turn: what AWS would reject. */
function addMistake(task: Json, n: number): void {
  const parameters = task.Parameters as Json;
  switch (n % 4) {
    case 0:
      task.TimeoutSecond = 30; // ASL102 field typo
      break;
    case 1:
      task.Resource = 'arn:aws:states:::lambda:invok'; // ASL114 unknown action
      break;
    case 2:
      parameters['Payload.$'] = '$.items['; // ASL301 broken JSONPath
      break;
    default:
      parameters['Payload.$'] = "States.Formatt('{}', $.id)"; // unknown intrinsic function
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function benchLargeMachine(): ValidationBench['largeMachine'] {
  const { definition, states } = generateMachine(1000, { mistakes: true });
  const text = JSON.stringify(definition, null, 2);
  const validate = bundledValidate();
  let diagnostics = 0;
  for (let i = 0; i < 5; i++) diagnostics = validate(text, { fileName: 'large.asl.json' }).length;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    validate(text, { fileName: 'large.asl.json' });
    times.push(performance.now() - start);
  }
  return { states, bytes: text.length, medianMs: median(times), minMs: Math.min(...times), diagnostics };
}

/**
 * The validator as users run it: from the built bundle (`npm run bench` builds first), as the language
 * server and the CLI do; loaded on first use, so that importing this file needs no build.
 */
function bundledValidate(): typeof ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../dist/core.cjs') as { validate: typeof ValidateFunction }).validate;
}

export type Checker = (file: CorpusFile) => Promise<boolean> | boolean;

/**
 * Timed passes over the corpus (the same for both tools), after one that records rejections; each
 * tool's best pass gives its time per document. 30, not 10: at ~0.04 ms a document our validator
 * reached its steady speed only after about 10 passes (best of 10 read 0.070 ms, best of 30 0.036 ms
 * in one run, 2026-12-06), and the language service's best also improved (0.499 to 0.450 ms).
 */
const TIMED_PASSES = 30;

/** A tool loaded for the bench: one pass over the corpus at a time, and what it rejected. */
interface LoadedTool {
  name: PeerResult['name'];
  files: CorpusFile[];
  /** One pass: total time and the time spent on JSON and on YAML definitions. */
  pass(record: boolean): Promise<PassTime>;
  rejected: string[];
}
interface PassTime {
  total: number;
  json: number;
  yaml: number;
}

async function loadTool(
  name: PeerResult['name'],
  files: CorpusFile[],
  load: () => Promise<Checker>,
): Promise<LoadedTool | PeerResult> {
  let check: Checker;
  try {
    check = await load();
  } catch (error) {
    return {
      name,
      documents: 0,
      msPerDocument: NaN,
      wronglyRejected: 0,
      rejectedLikeAws: 0,
      rejectedExamples: [],
      error: String(error),
    };
  }
  const accepts = async (file: CorpusFile): Promise<boolean> => {
    try {
      return await check(file);
    } catch {
      return false;
    }
  };
  const rejected: string[] = [];
  const pass = async (record: boolean): Promise<PassTime> => {
    const spent = { total: 0, json: 0, yaml: 0 };
    for (const file of files) {
      const start = performance.now();
      const ok = await accepts(file);
      const elapsed = performance.now() - start;
      spent.total += elapsed;
      spent[file.format] += elapsed;
      if (record && !ok) rejected.push(file.name);
    }
    return spent;
  };
  return { name, files, pass, rejected };
}

function isLoaded(tool: LoadedTool | PeerResult): tool is LoadedTool {
  return 'pass' in tool;
}

/** A tool's result from its best pass and the rejections its first pass recorded. */
function peerResult(tool: LoadedTool, best: PassTime): PeerResult {
  const awsRejects = (name: string): boolean =>
    Object.prototype.hasOwnProperty.call(REAL_WORLD_REJECTED, name.replace(/^real-world\//, ''));
  const wrong = tool.rejected.filter((name) => !awsRejects(name));
  const jsonCount = tool.files.filter((f) => f.format === 'json').length;
  const yamlCount = tool.files.length - jsonCount;
  return {
    name: tool.name,
    documents: tool.files.length,
    msPerDocument: best.total / tool.files.length,
    msPerJsonDocument: jsonCount > 0 ? best.json / jsonCount : undefined,
    msPerYamlDocument: yamlCount > 0 ? best.yaml / yamlCount : undefined,
    wronglyRejected: wrong.length,
    rejectedLikeAws: tool.rejected.length - wrong.length,
    rejectedExamples: wrong.slice(0, 5),
  };
}

/**
 * Runs tools over the corpus in alternating passes (which goes first alternates too), so that each
 * pass of one sits beside a pass of the other on the same machine: this machine's speed drifts by a
 * fifth within minutes, and timing one tool's 30 passes and then the other's measured the drift.
 * Returns each tool's result and, for two tools, the median over the rounds of the second one's pass
 * time to the first one's.
 */
async function runSideBySide(
  tools: LoadedTool[],
  timedPasses: number,
): Promise<{ results: PeerResult[]; medianRatio: number | undefined }> {
  const best: PassTime[] = [];
  for (const tool of tools) best.push(await tool.pass(true));
  const ratios: number[] = [];
  for (let round = 0; round < timedPasses; round++) {
    const order = round % 2 === 0 ? tools.map((_, i) => i) : tools.map((_, i) => tools.length - 1 - i);
    const spent: PassTime[] = [];
    for (const i of order) {
      const time = await (tools[i] as LoadedTool).pass(false);
      spent[i] = time;
      if (time.total < (best[i] as PassTime).total) best[i] = time;
    }
    if (tools.length === 2) ratios.push((spent[1] as PassTime).total / (spent[0] as PassTime).total);
  }
  return {
    results: tools.map((tool, i) => peerResult(tool, best[i] as PassTime)),
    medianRatio: ratios.length > 0 ? median(ratios) : undefined,
  };
}

/** Runs one tool alone: `runSideBySide` with one tool. */
async function runPeer(
  name: PeerResult['name'],
  files: CorpusFile[],
  load: () => Promise<Checker>,
  timedPasses: number,
): Promise<PeerResult> {
  const tool = await loadTool(name, files, load);
  if (!isLoaded(tool)) return tool;
  const { results } = await runSideBySide([tool], timedPasses);
  return results[0] as PeerResult;
}

/** Every `n`-th file, so a slow tool runs on a spread-out sample of the corpus. */
export function sample(files: CorpusFile[], size: number): CorpusFile[] {
  if (files.length <= size) return files;
  const step = files.length / size;
  return Array.from({ length: size }, (_, i) => files[Math.floor(i * step)]).filter(
    (f): f is CorpusFile => f !== undefined,
  );
}

export const ours = (): Promise<Checker> => {
  const validate = bundledValidate();
  return Promise.resolve(
    (file: CorpusFile) =>
      !validate(file.text, { fileName: file.name, force: true }).some((d) => d.severity === 'error'),
  );
};

export async function aslValidator(): Promise<Checker> {
  const imported: unknown = await import('asl-validator');
  const loaded = imported as { default?: unknown };
  const validator = (typeof loaded.default === 'function' ? loaded.default : imported) as (
    definition: unknown,
  ) => { isValid: boolean };
  return (file: CorpusFile) => {
    const definition: unknown = file.format === 'yaml' ? parseYaml(file.text) : JSON.parse(file.text);
    return validator(definition).isValid;
  };
}

interface AslServiceModule {
  getLanguageService(params: object): AslService;
  getYamlLanguageService(params: object): AslService;
  TextDocument: { create(uri: string, languageId: string, version: number, text: string): unknown };
}
interface AslService {
  parseJSONDocument(document: unknown): unknown;
  doValidation(document: unknown, jsonDocument?: unknown): Promise<{ severity?: number }[]>;
}

export async function aslLanguageService(): Promise<Checker> {
  const service = (await import('amazon-states-language-service')) as unknown as AslServiceModule;
  const json = service.getLanguageService({});
  const yaml = service.getYamlLanguageService({});
  return async (file: CorpusFile) => {
    const languageId = file.format === 'yaml' ? 'asl-yaml' : 'asl';
    const document = service.TextDocument.create(`file:///${file.name}`, languageId, 1, file.text);
    const diagnostics =
      file.format === 'yaml'
        ? await yaml.doValidation(document)
        : await json.doValidation(document, json.parseJSONDocument(document));
    return !diagnostics.some((d) => d.severity === 1);
  };
}

export interface BenchOptions {
  /**
   * asl-validator compiles its JSON schemas on every call (about a quarter of a second per document), so by
   * default it runs on a sample of this many definitions; 0 runs it on the whole corpus
   * (STEPTHROUGH_BENCH_FULL=1 does the same).
   */
  aslValidatorSample?: number;
}

/** One pass of `tool` over the corpus in a fresh process (test/lsp/coldPass.ts): ms per document. */
function coldPass(tool: PeerResult['name']): number | undefined {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'coldPass.ts'), tool], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) return undefined;
  const parsed = JSON.parse(result.stdout) as { msPerDocument: number };
  return parsed.msPerDocument;
}

export async function benchValidation(options: BenchOptions = {}): Promise<ValidationBench> {
  const largeMachine = benchLargeMachine();
  const { files, missing } = loadCorpus('real-world');
  if (missing) return { largeMachine, corpus: { documents: 0, missing, peers: [] } };
  const sampleSize = process.env.STEPTHROUGH_BENCH_FULL === '1' ? 0 : (options.aslValidatorSample ?? 60);
  const ourTool = await loadTool('stepthrough', files, ours);
  const serviceTool = await loadTool('amazon-states-language-service', files, aslLanguageService);
  // Our validator and the language service, pass beside pass (runSideBySide says why).
  const loaded = [ourTool, serviceTool].filter(isLoaded);
  const sideBySide = await runSideBySide(loaded, TIMED_PASSES);
  const resultOf = (tool: LoadedTool | PeerResult): PeerResult | undefined =>
    isLoaded(tool) ? sideBySide.results[loaded.indexOf(tool)] : tool;
  const self = resultOf(ourTool);
  const service = resultOf(serviceTool);
  const validator = await runPeer(
    'asl-validator',
    sampleSize > 0 ? sample(files, sampleSize) : files,
    aslValidator,
    0,
  );
  const peers = [self, validator, service].filter((peer): peer is PeerResult => peer !== undefined);
  for (const peer of [self, service]) if (peer && !peer.error) peer.coldMsPerDocument = coldPass(peer.name);
  const ratio = (peer: PeerResult | undefined): number | undefined =>
    self && peer && !peer.error && self.msPerDocument > 0
      ? peer.msPerDocument / self.msPerDocument
      : undefined;
  const coldRatio =
    self?.coldMsPerDocument && service?.coldMsPerDocument
      ? service.coldMsPerDocument / self.coldMsPerDocument
      : undefined;
  return {
    largeMachine,
    corpus: {
      documents: files.length,
      peers,
      speedupVsLanguageService: ratio(service),
      medianPassSpeedupVsLanguageService: loaded.length === 2 ? sideBySide.medianRatio : undefined,
      coldSpeedupVsLanguageService: coldRatio,
      speedupVsAslValidator: ratio(validator),
    },
  };
}

/** The benchmark as lines for the terminal. */
export function formatValidationBench(result: ValidationBench): string {
  const lines: string[] = [];
  const m = result.largeMachine;
  lines.push(`## Validation: generated ${m.states}-state machine (${Math.round(m.bytes / 1024)} KiB)`);
  lines.push(
    `full validation          ${m.medianMs.toFixed(1)} ms median, ${m.minMs.toFixed(1)} ms best (target < 50 ms); ${m.diagnostics} diagnostics`,
  );
  const c = result.corpus;
  if (c.missing) {
    lines.push(`## Corpus: skipped (${c.missing})`);
    return lines.join('\n');
  }
  lines.push(
    `## Validation: ${c.documents} real-world definitions (${Object.keys(REAL_WORLD_REJECTED).length} of them AWS would reject as written)`,
  );
  for (const peer of c.peers) {
    const split =
      peer.msPerJsonDocument !== undefined && peer.msPerYamlDocument !== undefined
        ? ` (JSON ${peer.msPerJsonDocument.toFixed(3)}, YAML ${peer.msPerYamlDocument.toFixed(3)})`
        : '';
    const time = peer.error
      ? `failed to run: ${peer.error}`
      : `${peer.msPerDocument.toFixed(3)} ms/document${split}`;
    const examples =
      peer.rejectedExamples.length > 0 ? ` (e.g. ${peer.rejectedExamples.slice(0, 2).join(', ')})` : '';
    const of = peer.documents === c.documents ? '' : ` of ${peer.documents} sampled`;
    const likeAws = peer.rejectedLikeAws > 0 ? ` (and ${peer.rejectedLikeAws} that AWS rejects too)` : '';
    const cold = peer.coldMsPerDocument !== undefined ? `; cold ${peer.coldMsPerDocument.toFixed(3)}` : '';
    lines.push(
      `${peer.name.padEnd(32)} ${time}${cold}, wrongly rejects ${peer.wronglyRejected}${of}${examples}${likeAws}`,
    );
  }
  const fmt = (n: number | undefined): string => (n === undefined ? 'n/a' : `${n.toFixed(1)}x`);
  lines.push(
    `speed-up vs amazon-states-language-service ${fmt(c.speedupVsLanguageService)} warm (best pass to best pass; the median of ${TIMED_PASSES} passes side by side ${fmt(c.medianPassSpeedupVsLanguageService)}), ${fmt(c.coldSpeedupVsLanguageService)} cold (target ≥ 5x); vs asl-validator ${fmt(c.speedupVsAslValidator)}`,
  );
  return lines.join('\n');
}
