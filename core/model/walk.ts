// Every state of a definition that exists as a value (a machine about to run, a TestState request, a
// template's resolved machine), as plain values: its name, its definition object and its path, read
// through the definition model's one walk (build.ts) and cached with it.
import { isJsonObject, type JsonObject } from '../json';
import { definitionModelOfValue } from './build';
import { stateValue } from './lookup';

export interface StateVisit {
  name: string;
  definition: JsonObject;
  path: (string | number)[];
}

/** Every state of a definition whose value is an object, nested ones included, in document order. */
export function walkStates(machine: JsonObject): StateVisit[] {
  const out: StateVisit[] = [];
  const model = definitionModelOfValue(machine);
  for (const state of model.states) {
    const definition = state.node ? stateValue(model, state) : undefined;
    if (isJsonObject(definition)) out.push({ name: state.name, definition, path: state.path });
  }
  return out;
}
