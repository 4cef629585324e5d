// Which Choice rule a Choice state took, for transition coverage. The interpreter reports the next
// state; when several rules lead there, the JSONPath rules are re-evaluated on the state's input to
// tell them apart (rules that need the context object or variables fall back to the first match).

import { evaluateChoiceRule } from '../choice';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { resolvePath } from '../interpreter/paths';
import { VariableScope } from '../interpreter/variables';

/** The index of the rule taken, or undefined when the Default was taken. */
export function choiceRuleTaken(def: JsonObject, next: string, rawInput: JsonValue): number | undefined {
  const rules = Array.isArray(def.Choices) ? def.Choices : [];
  const candidates: number[] = [];
  rules.forEach((rule, index) => {
    if (isJsonObject(rule) && rule.Next === next) candidates.push(index);
  });
  const first = candidates[0];
  if (first === undefined) return undefined;
  if (candidates.length === 1 && def.Default !== next) return first;
  const decided = reevaluate(def, rules, rawInput);
  if (decided === 'default') return def.Default === next ? undefined : first;
  return decided !== undefined && candidates.includes(decided) ? decided : first;
}

function reevaluate(
  def: JsonObject,
  rules: JsonValue[],
  rawInput: JsonValue,
): number | 'default' | undefined {
  if (def.QueryLanguage === 'JSONata' || rules.some((rule) => isJsonObject(rule) && 'Condition' in rule))
    return undefined;
  try {
    const scope = { input: rawInput, context: {}, variables: new VariableScope() };
    let input = rawInput;
    if (typeof def.InputPath === 'string') {
      const r = resolvePath(def.InputPath, scope);
      if (!r.found) return undefined;
      input = r.value;
    }
    const inputScope = { ...scope, input };
    const resolve = (pathText: string): { found: true; value: JsonValue } | { found: false } => {
      const r = resolvePath(pathText, inputScope);
      return r.found ? { found: true, value: r.value } : { found: false };
    };
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (isJsonObject(rule) && evaluateChoiceRule(rule, resolve, String(def.Comment ?? 'Choice'))) return i;
    }
    return 'default';
  } catch {
    // A rule that reads the context object or a variable cannot be replayed here: report no decision.
    return undefined;
  }
}
