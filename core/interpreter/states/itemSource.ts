// Where a Distributed Map's items come from (its ItemReader, with data supplied through the mock layer
// instead of S3: JSON, JSONL or CSV, given whole or as a stream) and how ItemBatcher groups them. The
// items are produced as they are read (itemParsers.ts): an IterationFeed hands the Map its iterations
// (items, or batches of selected items) a window at a time, and ReaderConfig's MaxItems stops the read.

import { isJsonObject, jsonByteLength, type JsonObject, type JsonValue } from '../../json';
import { ErrorNames, StatesError } from '../../errors';
import type { QueryLanguage } from '../dataflow';
import { andThen, type MaybePromise } from '../maybePromise';
import { isItemReaderStream, type ItemReaderData } from '../options';
import type { StateRun } from '../stateRun';
import { ItemParseError, itemParser } from './itemParsers';

/** How many iterations a read tops the feed up to before the Map dispatches again. */
const READ_WINDOW = 256;

/** What a Distributed Map's ItemReader reads, and how many of its items it keeps (ReaderConfig's MaxItems). */
export interface ItemReading {
  data: ItemReaderData;
  config: JsonObject;
  maxItems: number | undefined;
}

/**
 * The state's `itemReaderData`, else its mock; its request (Parameters or Arguments) is evaluated as AWS
 * would, though no bucket is read, and ReaderConfig's MaxItems (or MaxItemsPath, or an expression).
 */
export function itemReading(
  run: StateRun,
  language: QueryLanguage,
  reader: JsonObject,
  effective: JsonValue,
): MaybePromise<ItemReading> {
  const answer = run.host.services.itemReaderData(run.name);
  if (answer?.kind === 'throw') throw run.fail(answer.cause, answer.error);
  if (answer === undefined) {
    throw run.fail(
      `The Map state reads its items with an ItemReader (${String(reader.Resource)}): give them as itemReaderData for '${run.name}' or as a mock Return.`,
      ErrorNames.ItemReaderFailed,
    );
  }
  const field = language.requestField;
  const request =
    field in reader ? language.template(run, reader[field] as JsonValue, field, effective) : undefined;
  const config = isJsonObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  return andThen(request, () =>
    andThen(language.count(run, config, 'MaxItems', effective), (maxItems) => ({
      data: answer.data,
      config,
      maxItems: maxItems !== undefined && maxItems > 0 ? maxItems : undefined,
    })),
  );
}

/**
 * The items, in order and in groups as they are parsed, at most `maxItems`. A stream is read chunk by
 * chunk; returning early (MaxItems reached, the consumer stopped) ends its read. A parse or read error
 * is States.ItemReaderFailed.
 */
async function* readerItems(run: StateRun, reading: ItemReading): AsyncGenerator<JsonValue[]> {
  const { data, config } = reading;
  let left = reading.maxItems ?? Infinity;
  const keep = (items: JsonValue[]): JsonValue[] => {
    const kept = items.length > left ? items.slice(0, left) : items;
    left -= kept.length;
    return kept;
  };
  if (!isItemReaderStream(data) && typeof data !== 'string') {
    yield keep(Array.isArray(data) ? data : [data]);
    return;
  }
  const inputType = typeof config.InputType === 'string' ? config.InputType : 'JSON';
  const invalid = (err: ItemParseError): StatesError =>
    run.fail(`The ItemReader data is not valid ${inputType}: ${err.message}`, ErrorNames.ItemReaderFailed);
  const parser = itemParser(config);
  try {
    if (typeof data === 'string') {
      const items = parser.push(data);
      yield keep(items.concat(parser.end()));
      return;
    }
    let chunks: AsyncIterable<string>;
    try {
      chunks = data.read();
    } catch (err) {
      throw unreadable(run, err);
    }
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<string>;
        try {
          next = await iterator.next();
        } catch (err) {
          throw unreadable(run, err);
        }
        if (next.done === true) break;
        const items = keep(parser.push(next.value));
        if (items.length > 0) yield items;
        if (left <= 0) return;
      }
    } finally {
      // Stops the read when the loop ends early (MaxItems, a parse error, the Map stopped).
      await iterator.return?.();
    }
    const rest = keep(parser.end());
    if (rest.length > 0) yield rest;
  } catch (err) {
    throw err instanceof ItemParseError ? invalid(err) : err;
  }
}

function unreadable(run: StateRun, err: unknown): StatesError {
  if (err instanceof StatesError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return run.fail(`The ItemReader data could not be read: ${message}`, ErrorNames.ItemReaderFailed);
}

/** How ItemBatcher groups items: at most `maxItems` and `maxBytes` a batch, with the BatchInput beside them. */
export interface BatchSettings {
  maxItems: number;
  maxBytes: number;
  batchInput: JsonValue | undefined;
}

/** ItemBatcher's fields, in the state's query language (literals, `...Path` fields or expressions). */
export function batchSettings(
  run: StateRun,
  language: QueryLanguage,
  batcher: JsonObject,
  effective: JsonValue,
): MaybePromise<BatchSettings> {
  return andThen(language.count(run, batcher, 'MaxItemsPerBatch', effective), (maxItems) =>
    andThen(language.count(run, batcher, 'MaxInputBytesPerBatch', effective), (maxBytes) =>
      andThen(
        'BatchInput' in batcher
          ? language.template(run, batcher.BatchInput as JsonValue, 'BatchInput', effective)
          : undefined,
        (batchInput) => ({
          maxItems: maxItems ?? Infinity,
          maxBytes: maxBytes ?? 256 * 1024,
          batchInput,
        }),
      ),
    ),
  );
}

/** Groups items as ItemBatcher says, as they come: {"Items": [...]} with the BatchInput, if any, beside them. */
class Batcher {
  private current: JsonValue[] = [];
  private bytes = 0;

  constructor(private readonly settings: BatchSettings) {}

  /** Adds an item; returns the batch it closed, if any. */
  add(item: JsonValue): JsonValue | undefined {
    const { maxItems, maxBytes } = this.settings;
    const size = jsonByteLength(item);
    let closed: JsonValue | undefined;
    if (this.current.length >= maxItems || (this.current.length > 0 && this.bytes + size > maxBytes))
      closed = this.flush();
    this.current.push(item);
    this.bytes += size;
    return closed;
  }

  flush(): JsonValue | undefined {
    if (this.current.length === 0) return undefined;
    const batchInput = this.settings.batchInput;
    const batch: JsonObject = isJsonObject(batchInput)
      ? { BatchInput: batchInput, Items: this.current }
      : { Items: this.current };
    this.current = [];
    this.bytes = 0;
    return batch;
  }
}

/** Groups items given whole (ItemsPath or Items with ItemBatcher) by the same rule. */
export function batchItems(items: JsonValue[], settings: BatchSettings): JsonValue[] {
  const batcher = new Batcher(settings);
  const batches: JsonValue[] = [];
  for (const item of items) {
    const closed = batcher.add(item);
    if (closed !== undefined) batches.push(closed);
  }
  const last = batcher.flush();
  if (last !== undefined) batches.push(last);
  return batches;
}

/** How each item becomes an iteration's value: as it is, or through the ItemSelector into batches. */
export interface IterationShape {
  /** With ItemBatcher: each item through this (its own $$.Map.Item), then grouped. */
  select?: (item: JsonValue, index: number) => MaybePromise<JsonValue>;
  batch?: BatchSettings;
}

/**
 * The iteration values (items, or batches of selected items) of an ItemReader, read a window at a
 * time: `fill()` reads until READ_WINDOW iterations wait or the data ends, `take(i)` hands iteration i
 * over (and forgets it: the child holds it from then on).
 */
export class IterationFeed {
  /** Iterations read and not yet handed over: waiting[head] is iteration `first`. */
  private waiting: JsonValue[] = [];
  private head = 0;
  private first = 0;
  private done = false;
  private readonly groups: AsyncGenerator<JsonValue[]>;
  private itemIndex = 0;
  private readonly batcher: Batcher | undefined;

  constructor(
    run: StateRun,
    reading: ItemReading,
    private readonly shape: IterationShape,
  ) {
    this.groups = readerItems(run, reading);
    this.batcher = shape.batch ? new Batcher(shape.batch) : undefined;
  }

  /** Iterations read so far (handed over or waiting). */
  get count(): number {
    return this.first + this.waiting.length - this.head;
  }

  /** Reads on until READ_WINDOW iterations wait or the data ends; resolves the new count. */
  async fill(): Promise<number> {
    while (!this.done && this.waiting.length - this.head < READ_WINDOW) {
      const next = await this.groups.next();
      if (next.done === true) {
        this.done = true;
        const last = this.batcher?.flush();
        if (last !== undefined) this.waiting.push(last);
        break;
      }
      for (const item of next.value) {
        if (!this.batcher) {
          this.waiting.push(item);
          continue;
        }
        const index = this.itemIndex++;
        const pending = this.shape.select ? this.shape.select(item, index) : item;
        const selected = pending instanceof Promise ? await pending : pending;
        const closed = this.batcher.add(selected);
        if (closed !== undefined) this.waiting.push(closed);
      }
    }
    return this.count;
  }

  /** Iteration `index`'s value (each is taken once, in order). */
  take(index: number): JsonValue {
    if (index !== this.first)
      throw new Error(`the Map took iteration ${index} out of order (next ${this.first})`);
    this.first++;
    const value = this.waiting[this.head] ?? null;
    this.waiting[this.head++] = null;
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    }
    return value;
  }

  /** Stops reading (the Map ended early): the stream releases what it holds. */
  async close(): Promise<void> {
    this.done = true;
    await this.groups.return(undefined);
  }

  /** Reads everything, counting iterations without keeping them: for a threshold that needs the total. */
  async countAll(): Promise<number> {
    let total = 0;
    while (!this.done) {
      await this.fill();
      total += this.waiting.length - this.head;
      this.waiting = [];
      this.head = 0;
    }
    return total;
  }
}
