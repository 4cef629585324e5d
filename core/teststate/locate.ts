// Finds the state a TestState request tests: a bare state definition (run as a machine whose only state
// is named "StateName", the name AWS gives it in $$.State.Name), or a named state of a whole machine
// (nested states included, with the query language they inherit). The definition is validated as AWS
// validates it first (InvalidDefinition); a bare state's transitions point outside it, which is fine.

import { applySubstitutions } from '../interpreter';
import type { JsonObject, JsonValue } from '../json';
import { definitionModelOfValue, walkStates } from '../model';
import { closestMatch } from '../validate/suggest';
import { validate } from '../validate';
import { invalidDefinition } from './errors';

/** The state name AWS uses for a bare state definition. */
export const BARE_STATE_NAME = 'StateName';

export interface Target {
  /** The machine to run: the state alone, with its query language. */
  machine: JsonObject;
  name: string;
  state: JsonObject;
  type: string;
  jsonata: boolean;
}

/** Diagnostics a bare state has by construction: its Next names a state outside it. */
const BARE_STATE_CODES = new Set(['ASL201', 'ASL202', 'ASL203', 'ASL204']);

const validated = new WeakMap<JsonObject, string | undefined>();

/** The first error AWS would refuse the definition for, if any (cached per definition object). */
function firstError(machine: JsonObject, bare: boolean): string | undefined {
  if (validated.has(machine)) return validated.get(machine);
  const diagnostic = validate(JSON.stringify(machine), { format: 'json', force: true }).find(
    (d) => d.severity === 'error' && !(bare && BARE_STATE_CODES.has(String(d.code))),
  );
  const message = diagnostic ? `${String(diagnostic.code)}: ${diagnostic.message}` : undefined;
  validated.set(machine, message);
  return message;
}

function refuse(message: string): never {
  throw invalidDefinition(
    `Invalid State Machine Definition: ${message}`,
    '`stepthrough validate` shows every problem with its position.',
  );
}

export function locateState(
  definition: JsonObject,
  stateName: string | undefined,
  substitutions?: Record<string, JsonValue>,
): Target {
  const source =
    substitutions && Object.keys(substitutions).length > 0
      ? (applySubstitutions(definition, substitutions) as JsonObject)
      : definition;
  // Not classify.ts's rule: the other choice is a bare state, so StartAt or States alone is a broken machine.
  const isMachine = 'States' in source || 'StartAt' in source;
  if (!isMachine) {
    if (typeof source.Type !== 'string') {
      refuse(
        'the definition is neither a state (with "Type") nor a state machine (with "StartAt" and "States")',
      );
    }
    if (stateName !== undefined) {
      throw invalidDefinition(
        'stateName is given, so the definition must be a whole state machine (with StartAt and States)',
        'Give the whole machine, or leave stateName out to test this state on its own.',
      );
    }
    const machine: JsonObject = { StartAt: BARE_STATE_NAME, States: { [BARE_STATE_NAME]: source } };
    const error = firstError(machine, true);
    if (error) refuse(error);
    return {
      machine,
      name: BARE_STATE_NAME,
      state: source,
      type: source.Type as string,
      jsonata: source.QueryLanguage === 'JSONata',
    };
  }
  if (stateName === undefined) {
    throw invalidDefinition(
      'The definition is a state machine: name the state to test with stateName',
      `Its first state is ${JSON.stringify(source.StartAt)}.`,
    );
  }
  const error = firstError(source, false);
  if (error) refuse(error);
  const visits = walkStates(source);
  const visit = visits.find((v) => v.name === stateName);
  if (!visit) {
    const near = closestMatch(
      stateName,
      visits.map((v) => v.name),
    );
    throw invalidDefinition(
      `The state machine has no state named "${stateName}"`,
      near ? `Did you mean "${near}"?` : `Its states: ${visits.map((v) => v.name).join(', ')}.`,
    );
  }
  const state = visit.definition;
  const language = typeof state.QueryLanguage === 'string' ? state.QueryLanguage : source.QueryLanguage;
  const machine: JsonObject = { StartAt: stateName, States: { [stateName]: state } };
  if (typeof source.QueryLanguage === 'string') machine.QueryLanguage = source.QueryLanguage;
  return {
    machine,
    name: stateName,
    state,
    type: typeof state.Type === 'string' ? state.Type : '',
    jsonata: language === 'JSONata',
  };
}

/** Names of the states nested in the target (a Map's processor, a Parallel's branches), from the model. */
export function innerStateNames(target: Target): string[] {
  const model = definitionModelOfValue(target.machine);
  return model.states.filter((s) => s.scope.depth > 0 && s.node !== undefined).map((s) => s.name);
}
