// Where a Map's items come from: ItemsPath, or a Distributed Map's ItemReader (data supplied
// through the mock layer instead of S3), then ItemBatcher grouping.

import { isJsonObject, jsonByteLength, type JsonObject, type JsonValue } from '../../json';
import { evaluatePayloadTemplate } from '../payload';
import type { StateRun } from '../stateRun';
import { readRequiredPath } from './dataflow';

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
      'States.ItemReaderFailed',
    );
  }
}

/** Items a Distributed Map's ItemReader would read: from `itemReaderData` or the state's mock. */
export function readItems(run: StateRun, reader: JsonObject, effective: JsonValue): JsonValue[] {
  const rt = run.rt;
  let data: JsonValue | string | undefined = rt.config.itemReaderData[run.name];
  if (data === undefined) {
    const mock = rt.config.mocks?.responseFor(run.name, rt.nextInvocation(run.name));
    if (mock?.kind === 'throw') throw run.fail(mock.cause, mock.error);
    if (mock?.kind === 'return') data = mock.value;
  }
  if (data === undefined) {
    throw run.fail(
      `The Map state reads its items with an ItemReader (${String(reader.Resource)}): give them as itemReaderData for '${run.name}' or as a mock Return.`,
      'States.ItemReaderFailed',
    );
  }
  if ('Parameters' in reader) evaluatePayloadTemplate(reader.Parameters as JsonValue, run.scope(effective));
  const config = isJsonObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  let items =
    typeof data === 'string' ? itemsFromText(run, data, config) : Array.isArray(data) ? data : [data];
  const maxItems = typeof config.MaxItems === 'number' ? config.MaxItems : undefined;
  if (maxItems !== undefined && maxItems > 0) items = items.slice(0, maxItems);
  return items;
}

/** Groups items as ItemBatcher says: {"Items": [...], ...BatchInput}. */
export function batchItems(
  run: StateRun,
  batcher: JsonObject,
  items: JsonValue[],
  effective: JsonValue,
): JsonValue[] {
  const numberField = (name: string): number | undefined => {
    const literal = batcher[name];
    if (typeof literal === 'number') return literal;
    const pathText = batcher[`${name}Path`];
    if (typeof pathText !== 'string') return undefined;
    const v = readRequiredPath(run, pathText, effective);
    return typeof v === 'number' ? v : undefined;
  };
  const maxItems = numberField('MaxItemsPerBatch') ?? Infinity;
  const maxBytes = numberField('MaxInputBytesPerBatch') ?? 256 * 1024;
  const batchInput =
    'BatchInput' in batcher
      ? evaluatePayloadTemplate(batcher.BatchInput as JsonValue, run.scope(effective))
      : undefined;
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
