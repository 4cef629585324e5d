// What an object in a definition is (the top level, a state, a Retry entry, a Choice rule, a payload
// template...), from its path, and the fields it may hold in a query language.
import { COMPARISON_OPERATORS, LOGICAL_OPERATORS, TYPE_TEST_OPERATORS } from '../choice';
import type { DefinitionModel, QueryLanguage, StateLocation } from '../model';
import type { AstObject, AstPath } from '../parse';
import { propertyAt } from '../parse';
import {
  BRANCH_FIELDS,
  CATCH_FIELDS,
  CREDENTIALS_FIELDS,
  type FieldSpec,
  type FieldTable,
  ITEM_BATCHER_FIELDS,
  ITEM_READER_FIELDS,
  MACHINE_FIELDS,
  PROCESSOR_CONFIG_FIELDS,
  PROCESSOR_FIELDS,
  READER_CONFIG_FIELDS,
  RESULT_WRITER_FIELDS,
  RETRY_FIELDS,
  STATE_FIELDS,
  WRITER_CONFIG_FIELDS,
} from '../validate/fields';

export type { QueryLanguage };

export type ObjectKind =
  | 'machine'
  | 'states'
  | 'state'
  | 'branch'
  | 'processor'
  | 'processorConfig'
  | 'retry'
  | 'catch'
  | 'choiceRule'
  | 'nestedChoiceRule'
  | 'itemReader'
  | 'readerConfig'
  | 'itemBatcher'
  | 'resultWriter'
  | 'writerConfig'
  | 'credentials'
  /** Inside Parameters, Arguments, ResultSelector, ItemSelector, Assign, Output, Result...: user data. */
  | 'template'
  | 'list'
  | 'other';

/** Fields whose value is user data (a payload template or a JSONata template). */
export const TEMPLATE_FIELDS = new Set([
  'Parameters',
  'ResultSelector',
  'ItemSelector',
  'Arguments',
  'Output',
  'Assign',
  'Result',
  'BatchInput',
]);

const STATE_CHILDREN: Record<string, ObjectKind> = {
  Branches: 'list',
  ItemProcessor: 'processor',
  Iterator: 'processor',
  Retry: 'list',
  Catch: 'list',
  Choices: 'list',
  ItemReader: 'itemReader',
  ItemBatcher: 'itemBatcher',
  ResultWriter: 'resultWriter',
  Credentials: 'credentials',
};

/** What the object at `path` is. Lists (Branches, Retry...) are 'list'; their items take the item kind. */
export function classifyPath(path: AstPath): ObjectKind {
  let kind: ObjectKind = 'machine';
  let listOf: ObjectKind = 'other';
  for (const segment of path) {
    const key = typeof segment === 'string' ? segment : undefined;
    switch (kind) {
      case 'machine':
      case 'branch':
      case 'processor':
        if (key === 'States') kind = 'states';
        else if (kind === 'processor' && key === 'ProcessorConfig') kind = 'processorConfig';
        else kind = 'other';
        break;
      case 'states':
        kind = 'state';
        break;
      case 'state':
        if (key && TEMPLATE_FIELDS.has(key)) kind = 'template';
        else if (key && STATE_CHILDREN[key]) {
          kind = STATE_CHILDREN[key];
          listOf =
            key === 'Branches'
              ? 'branch'
              : key === 'Retry'
                ? 'retry'
                : key === 'Catch'
                  ? 'catch'
                  : 'choiceRule';
        } else kind = 'other';
        break;
      case 'list':
        kind = typeof segment === 'number' ? listOf : 'other';
        break;
      case 'choiceRule':
      case 'nestedChoiceRule':
        if (key === 'And' || key === 'Or') {
          kind = 'list';
          listOf = 'nestedChoiceRule';
        } else if (key === 'Not') kind = 'nestedChoiceRule';
        else if (key === 'Assign' || key === 'Output') kind = 'template';
        else kind = 'other';
        break;
      case 'catch':
        kind = key === 'Assign' || key === 'Output' ? 'template' : 'other';
        break;
      case 'itemReader':
        kind =
          key === 'ReaderConfig'
            ? 'readerConfig'
            : key === 'Parameters' || key === 'Arguments'
              ? 'template'
              : 'other';
        break;
      case 'resultWriter':
        kind =
          key === 'WriterConfig'
            ? 'writerConfig'
            : key === 'Parameters' || key === 'Arguments'
              ? 'template'
              : 'other';
        break;
      case 'itemBatcher':
        kind = key === 'BatchInput' ? 'template' : 'other';
        break;
      case 'template':
        break;
      default:
        kind = 'other';
    }
  }
  return kind;
}

/**
 * The query language to offer in a state: its effective one, else the state machine's, else JSONPath (an
 * invalid QueryLanguage is the validator's to report; completion still needs a guess).
 */
export function stateQueryLanguage(model: DefinitionModel, state: StateLocation | undefined): QueryLanguage {
  return state?.queryLanguage ?? model.queryLanguage ?? 'JSONPath';
}

const str: FieldSpec = { types: ['string'] };
const transition: FieldSpec = { types: ['string'], role: 'transition' };

/** The fields of a Choice rule: top-level rules carry Next (and Assign, Output), nested ones only compare. */
export function choiceRuleFields(queryLanguage: QueryLanguage, nested: boolean): FieldTable {
  const table: Record<string, FieldSpec> = {};
  if (queryLanguage === 'JSONata') {
    table.Condition = { types: ['string', 'boolean'] };
  } else {
    table.Variable = str;
    for (const operator of LOGICAL_OPERATORS)
      table[operator] = { types: operator === 'Not' ? ['object'] : ['array'] };
    for (const operator of COMPARISON_OPERATORS) {
      const spec: FieldSpec = operator.endsWith('Path')
        ? str
        : operator.startsWith('Numeric')
          ? { types: ['number', 'integer'] }
          : operator.startsWith('Boolean')
            ? { types: ['boolean'] }
            : str;
      table[operator] = spec;
    }
    for (const operator of TYPE_TEST_OPERATORS) table[operator] = { types: ['boolean'] };
  }
  if (!nested) {
    table.Next = transition;
    table.Assign = { types: ['object'], role: 'assign' };
    if (queryLanguage === 'JSONata')
      table.Output = { types: ['object', 'array', 'string', 'number', 'boolean', 'null'] };
  }
  table.Comment = str;
  return table;
}

/** The fields an object of this kind may hold; undefined for user data and unknown places. */
export function fieldTableFor(
  kind: ObjectKind,
  node: AstObject | undefined,
  queryLanguage: QueryLanguage,
): FieldTable | undefined {
  switch (kind) {
    case 'machine':
      return MACHINE_FIELDS;
    case 'state': {
      const type = node ? propertyAt(node, 'Type')?.value : undefined;
      return type?.kind === 'string' ? STATE_FIELDS[type.value as string] : undefined;
    }
    case 'branch':
      return BRANCH_FIELDS;
    case 'processor':
      return PROCESSOR_FIELDS;
    case 'processorConfig':
      return PROCESSOR_CONFIG_FIELDS;
    case 'retry':
      return RETRY_FIELDS;
    case 'catch':
      return CATCH_FIELDS;
    case 'choiceRule':
      return choiceRuleFields(queryLanguage, false);
    case 'nestedChoiceRule':
      return choiceRuleFields(queryLanguage, true);
    case 'itemReader':
      return ITEM_READER_FIELDS;
    case 'readerConfig':
      return READER_CONFIG_FIELDS;
    case 'itemBatcher':
      return ITEM_BATCHER_FIELDS;
    case 'resultWriter':
      return RESULT_WRITER_FIELDS;
    case 'writerConfig':
      return WRITER_CONFIG_FIELDS;
    case 'credentials':
      return CREDENTIALS_FIELDS;
    default:
      return undefined;
  }
}

/** True when the field belongs in the query language (fields of either language always do). */
export function fieldFitsLanguage(spec: FieldSpec, queryLanguage: QueryLanguage): boolean {
  return !spec.only || spec.only === queryLanguage;
}
