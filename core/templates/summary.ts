// What `stepthrough list --json` prints per machine (the fields of corpus-iac's expected.json), and
// the lookup from a path in the resolved definition to the template (the nearest mapped ancestor).

import { isJsonObject } from '../json';
import type { TemplateDiagnostic, TemplateFormat, TemplateLocation, TemplateMachine } from './types';
import { definitionModelOfValue } from '../model';

export interface MachineSummary {
  format: TemplateFormat;
  file: string;
  id: string;
  name: string | null;
  /** Where the machine is declared: `file:line:column`. */
  location: string | null;
  resolved: boolean;
  startAt: string | null;
  states: string[];
  allStates: string[];
  queryLanguage: string;
  placeholders: string[];
  substitutionsResolvable: boolean;
  diagnostics: TemplateDiagnostic[];
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function summarizeMachine(machine: TemplateMachine): MachineSummary {
  const definition = machine.definition;
  const top = isJsonObject(definition) ? definition : {};
  const model = definitionModelOfValue(definition);
  const states = (model.scopes[0]?.states ?? []).map((s) => s.name).sort(byCodeUnit);
  const allStates = machine.definitionText ? model.states.map((s) => s.name).sort(byCodeUnit) : [];
  const where = machine.location;
  return {
    format: machine.format,
    file: machine.file,
    id: machine.id,
    name: machine.name,
    location: where ? `${where.file}:${where.range.start.line + 1}:${where.range.start.character + 1}` : null,
    resolved: machine.definition !== undefined && !machine.diagnostics.some((d) => d.severity === 'error'),
    startAt: typeof top.StartAt === 'string' ? top.StartAt : null,
    states,
    allStates,
    queryLanguage: typeof top.QueryLanguage === 'string' ? top.QueryLanguage : 'JSONPath',
    placeholders: [...new Set(machine.placeholders.map((p) => p.key))].sort(byCodeUnit),
    substitutionsResolvable: machine.placeholders.every((p) => p.resolvable),
    diagnostics: machine.diagnostics,
  };
}

/** Where a path of the resolved definition is written: its own entry, else its nearest mapped ancestor's. */
export function locateInTemplate(
  machine: TemplateMachine,
  path: readonly (string | number)[],
): TemplateLocation | undefined {
  for (let length = path.length; length >= 0; length--) {
    const prefix = path.slice(0, length);
    const entry = machine.sourceMap.find(
      (e) => e.path.length === prefix.length && e.path.every((step, i) => step === prefix[i]),
    );
    if (entry) return entry.location;
  }
  return machine.definitionLocation;
}
