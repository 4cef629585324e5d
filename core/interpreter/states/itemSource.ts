// Where a Distributed Map's items come from (its ItemReader, with data supplied through the mock layer
// instead of S3: JSON, JSONL or CSV) and how ItemBatcher groups them.

import { isJsonObject, jsonByteLength, type JsonObject, type JsonValue } from '../../json';
import { ErrorNames } from '../../errors';
import type { QueryLanguage } from '../dataflow';
import { andThen, type MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';

/** Parses CSV text (RFC 4180 quoting) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function itemsFromText(run: StateRun, text: string, config: JsonObject): JsonValue[] {
  const inputType = typeof config.InputType === 'string' ? config.InputType : 'JSON';
  if (inputType === 'CSV') {
    const rows = parseCsv(text);
    let headers: string[];
    if (config.CSVHeaderLocation === 'GIVEN' && Array.isArray(config.CSVHeaders)) {
      headers = config.CSVHeaders.map(String);
    } else {
      headers = rows.shift() ?? [];
    }
    return rows.map((cells) => {
      const obj: JsonObject = {};
      headers.forEach((h, i) => (obj[h] = cells[i] ?? ''));
      return obj;
    });
  }
  try {
    if (inputType === 'JSONL') {
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as JsonValue);
    }
    const parsed = JSON.parse(text) as JsonValue;
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch (err) {
    throw run.fail(
      `The ItemReader data is not valid ${inputType}: ${(err as Error).message}`,
      ErrorNames.ItemReaderFailed,
    );
  }
}

/**
 * Items a Distributed Map's ItemReader reads: the state's `itemReaderData`, else its mock. The reader's
 * request (Parameters or Arguments) is evaluated as AWS would, though no bucket is read; ReaderConfig's
 * MaxItems (or MaxItemsPath, or an expression) keeps the first items.
 */
export function readItems(
  run: StateRun,
  language: QueryLanguage,
  reader: JsonObject,
  effective: JsonValue,
): MaybePromise<JsonValue[]> {
  const answer = run.host.services.itemReaderData(run.name);
  if (answer?.kind === 'throw') throw run.fail(answer.cause, answer.error);
  if (answer === undefined) {
    throw run.fail(
      `The Map state reads its items with an ItemReader (${String(reader.Resource)}): give them as itemReaderData for '${run.name}' or as a mock Return.`,
      ErrorNames.ItemReaderFailed,
    );
  }
  const data = answer.data;
  const field = language.requestField;
  const request =
    field in reader ? language.template(run, reader[field] as JsonValue, field, effective) : undefined;
  const config = isJsonObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  return andThen(request, () =>
    andThen(language.count(run, config, 'MaxItems', effective), (maxItems) => {
      const items =
        typeof data === 'string' ? itemsFromText(run, data, config) : Array.isArray(data) ? data : [data];
      return maxItems !== undefined && maxItems > 0 ? items.slice(0, maxItems) : items;
    }),
  );
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

/** Groups items as ItemBatcher says: {"Items": [...]} with the BatchInput, if any, beside them. */
export function batchItems(items: JsonValue[], settings: BatchSettings): JsonValue[] {
  const { maxItems, maxBytes, batchInput } = settings;
  const batches: JsonValue[] = [];
  let current: JsonValue[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (current.length === 0) return;
    const batch: JsonObject = isJsonObject(batchInput)
      ? { BatchInput: batchInput, Items: current }
      : { Items: current };
    batches.push(batch);
    current = [];
    bytes = 0;
  };
  for (const item of items) {
    const size = jsonByteLength(item);
    if (current.length >= maxItems || (current.length > 0 && bytes + size > maxBytes)) flush();
    current.push(item);
    bytes += size;
  }
  flush();
  return batches;
}
