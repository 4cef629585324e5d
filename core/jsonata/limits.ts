// Runaway guards for one JSONata evaluation: AWS's nesting-depth bound (100) and per-value memory bound,
// a wall-clock bound, and a heap-growth safety net so no expression can hang or crash the process. A long
// evaluation also lets the rest of the process run (it yields to the event loop every YIELD_EVERY_MS) and
// stops when its caller cancels it.

import type * as NodeV8 from 'node:v8';

/** Bounds applied to one evaluation. Depth and bytes are AWS's measured bounds; the rest are ours. */
export interface JsonataLimits {
  /** Deepest nesting of evaluation steps. AWS accepts depth 100 and refuses 101 (e.g. a 101-term `1+1+…`). */
  maxDepth: number;
  /**
   * Largest single value a step may produce, counting 8 bytes per number/boolean/null and 1 per string
   * character. AWS accepts `[1..873782]` and refuses one element more; it accepts a 2^22-character string
   * and refuses 2^23.
   */
  maxValueBytes: number;
  /** Largest `$range` result. AWS accepts `$range(1, 360145, 1)` and refuses one element more. */
  maxRangeElements: number;
  /** Wall-clock bound for one evaluation (AWS's value is not published). */
  timeoutMs: number;
  /** Heap growth allowed during one evaluation before it is stopped (a safety net, not an AWS rule). */
  maxHeapGrowthBytes: number;
}

export const DEFAULT_JSONATA_LIMITS: Readonly<JsonataLimits> = Object.freeze({
  maxDepth: 100,
  maxValueBytes: 873_782 * 8,
  maxRangeElements: 360_145,
  timeoutMs: 5_000,
  maxHeapGrowthBytes: 1024 * 1024 * 1024,
});

/** AWS's texts for the bounds (one space after the full stop, where jsonata-js's own harness has two). */
export const LIMIT_MESSAGES = {
  depth:
    'Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.',
  memory: 'Expression evaluation memory limit exceeded: Check for excessive memory usage',
  timeout: 'Expression evaluation timeout: Check for infinite loop',
} as const;

/** Why an evaluation stopped when its caller cancelled it (not an AWS text: AWS never cancels one). */
export const CANCELLED_MESSAGE = 'Expression evaluation cancelled';

/** A bound was hit. AWS reports these without a JSONata error code. */
export class JsonataLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonataLimitError';
  }
}

const BYTES_PER_SCALAR = 8;
/** How long an evaluation runs before it lets other work in the process run (timers, I/O, requests). */
const YIELD_EVERY_MS = 20;
/** How many bytes of fresh values may be produced between two heap measurements. */
const BYTES_BETWEEN_HEAP_CHECKS = 32 * 1024 * 1024;
/** How many evaluation steps may run between two heap measurements. */
const STEPS_BETWEEN_HEAP_CHECKS = 4096;

/**
 * AST node types whose result is a value that already existed (a binding, a literal, a branch or block
 * result measured when it was built), so measuring it again would only cost time.
 */
const PASS_THROUGH_NODES: ReadonlySet<string> = new Set([
  'variable',
  'name',
  'string',
  'number',
  'value',
  'regex',
  'lambda',
  'parent',
  'block',
  'bind',
  'condition',
]);

interface SizedEntry {
  /** Array length or object key count when measured, to notice a container that grew since. */
  width: number;
  bytes: number;
}

/** Per-evaluation accounting, driven by jsonata's `__evaluate_entry` / `__evaluate_exit` callbacks. */
export class EvaluationBudget {
  readonly limits: JsonataLimits;
  private depth = 0;
  private readonly deadline: number;
  /** Measured at the first heap check (not up front: most evaluations are tiny and never need it). */
  private heapCeiling: number | undefined;
  private steps = 0;
  private stepsSinceHeapCheck = 0;
  private bytesSinceHeapCheck = 0;
  private readonly sizes = new WeakMap<object, SizedEntry>();
  /** Once a bound trips, every later step fails too (in case library code swallowed the first error). */
  private tripped: JsonataLimitError | undefined;

  private lastYield: number;

  constructor(
    limits: JsonataLimits,
    now: number = Date.now(),
    private readonly signal?: AbortSignal,
  ) {
    this.limits = limits;
    this.deadline = now + limits.timeoutMs;
    this.lastYield = now;
  }

  /** Before each step. Returns a promise when the evaluation should let the event loop run first. */
  enter(): Promise<void> | undefined {
    if (this.tripped) throw this.tripped;
    this.depth++;
    if (this.depth > this.limits.maxDepth) this.trip(LIMIT_MESSAGES.depth);
    if (++this.stepsSinceHeapCheck >= STEPS_BETWEEN_HEAP_CHECKS) this.checkHeap();
    // Reading the clock on every step costs more than the steps themselves; every 32nd is precise enough.
    if ((++this.steps & 31) !== 0) return undefined;
    const now = this.checkClock();
    if (now - this.lastYield < YIELD_EVERY_MS) return undefined;
    this.lastYield = now;
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** `node` is the jsonata AST node; only nodes that can build a new value are measured. */
  exit(node: { type?: unknown; group?: unknown } | undefined, result: unknown): void {
    if (this.tripped) throw this.tripped;
    this.depth--;
    // Numbers, booleans and null are one scalar: nothing to measure.
    if (result === null || (typeof result !== 'object' && typeof result !== 'string')) return;
    const type = node?.type;
    if (typeof type === 'string' && PASS_THROUGH_NODES.has(type) && node?.group === undefined) return;
    this.checkValueSize(result);
  }

  /** Throws the memory error when `value` is larger than one value may be. */
  checkValueSize(value: unknown): void {
    const bytes = this.measure(value, 0);
    if (bytes > this.limits.maxValueBytes) this.trip(LIMIT_MESSAGES.memory);
  }

  /** Throws the memory error when a `$range` would produce more elements than AWS allows. */
  checkRangeSize(elements: number): void {
    if (elements > this.limits.maxRangeElements) this.trip(LIMIT_MESSAGES.memory);
  }

  /** How long the evaluation may still run (a regular-expression match waits at most this long). */
  remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** The evaluation ran out of time (inside a match, where no step could notice). */
  timedOut(): never {
    this.trip(LIMIT_MESSAGES.timeout);
  }

  /** The caller cancelled the evaluation (inside a match). */
  cancelled(): never {
    this.trip(CANCELLED_MESSAGE);
  }

  /** The caller's cancellation signal, for the matches the evaluation runs. */
  get cancellation(): AbortSignal | undefined {
    return this.signal;
  }

  private trip(message: string): never {
    this.tripped = new JsonataLimitError(message);
    throw this.tripped;
  }

  private checkClock(): number {
    if (this.signal?.aborted === true) this.trip(CANCELLED_MESSAGE);
    const now = Date.now();
    if (now > this.deadline) this.trip(LIMIT_MESSAGES.timeout);
    return now;
  }

  private checkHeap(): void {
    this.stepsSinceHeapCheck = 0;
    this.bytesSinceHeapCheck = 0;
    const heapUsed = process.memoryUsage().heapUsed;
    if (this.heapCeiling === undefined) {
      // Allow the configured growth, but always stay well below V8's hard limit (a crash is not catchable).
      const hardLimit = heapSizeLimit();
      this.heapCeiling = Math.min(
        heapUsed + this.limits.maxHeapGrowthBytes,
        heapUsed + (hardLimit - heapUsed) * 0.6,
      );
    }
    if (heapUsed > this.heapCeiling) this.trip(LIMIT_MESSAGES.memory);
  }

  /**
   * Estimated size of `value` added to `held`, stopping once past the bound. Containers are remembered by
   * identity (with their width) so a value that flows through many steps is walked once; each container
   * measured for the first time counts towards the heap-check cadence.
   */
  private measure(value: unknown, held: number): number {
    const limit = this.limits.maxValueBytes;
    if (held > limit) return held;
    if (typeof value === 'string') return held + value.length;
    if (value === null || typeof value !== 'object') {
      return typeof value === 'function' || value === undefined ? held : held + BYTES_PER_SCALAR;
    }
    const width = Array.isArray(value) ? value.length : Object.keys(value).length;
    const known = this.sizes.get(value);
    if (known !== undefined && known.width === width) return held + known.bytes;
    let total = 0;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) {
        // Scalars inline: arrays of numbers are the common large value.
        if (typeof item === 'number' || typeof item === 'boolean' || item === null) total += BYTES_PER_SCALAR;
        else if (typeof item === 'string') total += item.length;
        else total = this.measure(item, total);
        if (total > limit) return held + total;
      }
    } else if (!isJsonataFunction(value)) {
      for (const [key, item] of Object.entries(value)) {
        total = this.measure(item, total + key.length);
        if (total > limit) return held + total;
      }
    }
    this.sizes.set(value, { width, bytes: total });
    this.bytesSinceHeapCheck += total;
    if (this.bytesSinceHeapCheck >= BYTES_BETWEEN_HEAP_CHECKS) {
      this.checkHeap();
      this.checkClock();
    }
    return held + total;
  }
}

let cachedHeapSizeLimit: number | undefined;
function heapSizeLimit(): number {
  // node:v8 loads here, on the first JSONata evaluation, not at start-up (ARCHITECTURE.md invariant 27).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  cachedHeapSizeLimit ??= (require('node:v8') as typeof NodeV8).getHeapStatistics().heap_size_limit;
  return cachedHeapSizeLimit;
}

/**
 * jsonata lambdas and native function wrappers are objects; their internals are not data. A JSON object that
 * only carries jsonata's marker keys is data: a real wrapper holds a JavaScript function (its implementation,
 * or its environment's lookup), which no JSON value can.
 */
export function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const marker = value as {
    _jsonata_lambda?: unknown;
    _jsonata_function?: unknown;
    implementation?: unknown;
  };
  if (marker._jsonata_function === true && typeof marker.implementation === 'function') return true;
  if (marker._jsonata_lambda !== true) return false;
  const environment = (value as { environment?: unknown }).environment;
  return (
    typeof environment === 'object' &&
    environment !== null &&
    typeof (environment as { lookup?: unknown }).lookup === 'function'
  );
}
