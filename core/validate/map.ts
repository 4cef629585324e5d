// Map states: ItemProcessor or Iterator (exactly one), ProcessorConfig, the fields only a Distributed Map may
// use, ItemReader/ReaderConfig, ItemBatcher, ResultWriter/WriterConfig, and Task Credentials.
import type { AstNode, AstObject, AstProperty } from '../parse';
import { propertyAt } from '../parse';
import type { ScopeModel, StateLocation } from '../model';
import { type Site, type ValidationContext, quote, stringValue } from './context';
import {
  CREDENTIALS_FIELDS,
  DISTRIBUTED_ONLY_FIELDS,
  type FieldTable,
  ITEM_BATCHER_FIELDS,
  ITEM_READER_FIELDS,
  PROCESSOR_CONFIG_FIELDS,
  READER_CONFIG_FIELDS,
  RESULT_WRITER_FIELDS,
  WRITER_CONFIG_FIELDS,
} from './fields';
import { checkFields, requireFields } from './objects';
import { checkFieldValue } from './values';

export function checkMapState(
  ctx: ValidationContext,
  site: Site,
  state: StateLocation,
  node: AstObject,
): void {
  const processor = propertyAt(node, 'ItemProcessor') ?? propertyAt(node, 'Iterator');
  if (!processor) {
    ctx.report(
      'ASL108',
      state.property.keyRange,
      `Map state ${quote(state.name)} needs "ItemProcessor" (or the older "Iterator") with the states to run for each item`,
    );
  }
  const mode = processorMode(ctx, processor?.value);
  if (mode === 'INLINE') checkDistributedOnly(ctx, node);
  const objects: [string, FieldTable, string][] = [
    ['ItemReader', ITEM_READER_FIELDS, 'an ItemReader'],
    ['ItemBatcher', ITEM_BATCHER_FIELDS, 'an ItemBatcher'],
    ['ResultWriter', RESULT_WRITER_FIELDS, 'a ResultWriter'],
  ];
  for (const [key, table, what] of objects) {
    const property = propertyAt(node, key);
    const value = property?.value;
    if (!property || value?.kind !== 'object' || ctx.isPlaceholder(value)) continue;
    checkObject(ctx, site, value, table, what);
    if (key === 'ItemReader') checkItemReader(ctx, site, property, value);
    if (key === 'ResultWriter') checkResultWriter(ctx, site, property, value);
  }
}

/** The Map's mode: DISTRIBUTED, INLINE (the default), or undefined when a placeholder decides it. */
function processorMode(
  ctx: ValidationContext,
  processor: AstNode | undefined,
): 'INLINE' | 'DISTRIBUTED' | undefined {
  if (processor?.kind !== 'object') return processor && ctx.isPlaceholder(processor) ? undefined : 'INLINE';
  const config = propertyAt(processor, 'ProcessorConfig')?.value;
  if (!config) return 'INLINE';
  if (config.kind !== 'object') return undefined;
  const mode = propertyAt(config, 'Mode')?.value;
  if (!mode) return 'INLINE';
  if (mode.kind !== 'string' || ctx.isPlaceholder(mode)) return undefined;
  if (mode.value === 'DISTRIBUTED') return 'DISTRIBUTED';
  return mode.value === 'INLINE' ? 'INLINE' : undefined;
}

function checkDistributedOnly(ctx: ValidationContext, node: AstObject): void {
  for (const key of DISTRIBUTED_ONLY_FIELDS) {
    const property = propertyAt(node, key);
    if (!property) continue;
    ctx.report(
      'ASL113',
      property.keyRange,
      `${quote(key)} is for Distributed Maps, but this Map runs inline: add "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"} to its ItemProcessor, or remove ${quote(key)}`,
    );
  }
}

/** Checks the fields of a Map sub-object and the content of the ones it accepts. */
function checkObject(
  ctx: ValidationContext,
  site: Site,
  node: AstObject,
  table: FieldTable,
  what: string,
): void {
  const accepted = checkFields(ctx, node, { what, table, queryLanguage: site.queryLanguage });
  for (const { property, spec, valueOk } of accepted) {
    if (valueOk && spec.role !== 'nested') checkFieldValue(ctx, site, property, spec);
  }
}

function checkItemReader(ctx: ValidationContext, site: Site, property: AstProperty, reader: AstObject): void {
  requireFields(ctx, reader, ['Resource'], property.keyRange, 'An ItemReader');
  const config = propertyAt(reader, 'ReaderConfig')?.value;
  if (config?.kind === 'object' && !ctx.isPlaceholder(config))
    checkObject(ctx, site, config, READER_CONFIG_FIELDS, 'a ReaderConfig');
}

function checkResultWriter(
  ctx: ValidationContext,
  site: Site,
  property: AstProperty,
  writer: AstObject,
): void {
  const resource = propertyAt(writer, 'Resource');
  const parameters = propertyAt(writer, 'Parameters') ?? propertyAt(writer, 'Arguments');
  const config = propertyAt(writer, 'WriterConfig');
  if (!resource && !parameters && !config) {
    ctx.report(
      'ASL108',
      property.keyRange,
      'A ResultWriter needs "WriterConfig", or "Resource" with "Parameters" (Arguments in JSONata) to export the results to S3',
    );
  } else if (resource && !parameters) {
    ctx.report(
      'ASL101',
      resource.keyRange,
      'A ResultWriter with "Resource" needs "Parameters" (Arguments in JSONata) naming the S3 Bucket and Prefix',
    );
  } else if (parameters && !resource) {
    ctx.report(
      'ASL101',
      parameters.keyRange,
      `A ResultWriter with ${quote(parameters.key)} needs "Resource": "arn:aws:states:::s3:putObject"`,
    );
  }
  const configValue = config?.value;
  if (config && configValue?.kind === 'object' && !ctx.isPlaceholder(configValue)) {
    checkObject(ctx, site, configValue, WRITER_CONFIG_FIELDS, 'a WriterConfig');
    requireFields(ctx, configValue, ['OutputType'], config.keyRange, 'A WriterConfig');
  }
}

/** ProcessorConfig of an ItemProcessor (or Iterator). */
export function checkProcessorConfig(ctx: ValidationContext, scope: ScopeModel): void {
  const property = propertyAt(scope.container, 'ProcessorConfig');
  const config = property?.value;
  if (!property || config?.kind !== 'object' || ctx.isPlaceholder(config)) return;
  checkFields(ctx, config, {
    what: 'a ProcessorConfig',
    table: PROCESSOR_CONFIG_FIELDS,
    queryLanguage: undefined,
  });
  if (stringValue(propertyAt(config, 'Mode')?.value) === 'DISTRIBUTED') {
    requireFields(
      ctx,
      config,
      ['ExecutionType'],
      property.keyRange,
      'A Distributed Map ProcessorConfig ("Mode": "DISTRIBUTED")',
    );
  }
}

/** Task Credentials: RoleArn (or RoleArn.$ in JSONPath) and nothing else. */
export function checkCredentials(ctx: ValidationContext, site: Site, property: AstProperty): void {
  const node = property.value;
  if (node?.kind !== 'object' || ctx.isPlaceholder(node)) return;
  checkObject(ctx, site, node, CREDENTIALS_FIELDS, 'Credentials');
  if (!propertyAt(node, 'RoleArn') && !propertyAt(node, 'RoleArn.$')) {
    const alternative = site.queryLanguage === 'JSONata' ? '' : ' (or "RoleArn.$" with a path)';
    ctx.report(
      'ASL101',
      property.keyRange,
      `"Credentials" must have "RoleArn"${alternative}: the ARN of the role to assume for this task`,
    );
  }
}
