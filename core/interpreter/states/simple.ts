// The states without a service call or child threads: Pass, Succeed, Fail, Choice and Wait. How their
// fields are read (JSONPath or JSONata) is the query language's business (../dataflow).

import { ErrorNames, StatesError } from '../../errors';
import type { JsonObject, JsonValue } from '../../json';
import type { QueryLanguage } from '../dataflow';
import { after, andThen, andThenWith, type MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';

export function nextOf(run: StateRun): string | undefined {
  return run.def.End === true || typeof run.def.Next !== 'string' ? undefined : run.def.Next;
}

/** Pass: its `Result` (literal), else what InputPath and Parameters made of the input. */
export function runPass(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return andThenWith(language.effectiveInput(run), passParameters, run, language);
}

function passParameters(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
): MaybePromise<StateCompletion> {
  return andThenWith(language.parameters(run, effective), passResult, run, language);
}

function passResult(run: StateRun, language: QueryLanguage, value: JsonValue): MaybePromise<StateCompletion> {
  return language.finishWithResult(
    run,
    'Result' in run.def ? (run.def.Result as JsonValue) : value,
    nextOf(run),
  );
}

export function runSucceed(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return andThen(language.effectiveInput(run), (effective) =>
    language.finishPassThrough(run, effective, undefined),
  );
}

export function runFail(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return andThen(language.failError(run), ({ error, cause }) => {
    throw new StatesError(error ?? '', cause);
  });
}

export function runChoice(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return andThenWith(language.effectiveInput(run), choose, run, language);
}

function choose(run: StateRun, language: QueryLanguage, effective: JsonValue): MaybePromise<StateCompletion> {
  const rule = language.matchChoice(run, effective);
  if (rule instanceof Promise) return rule.then((matched) => choiceEnd(run, language, effective, matched));
  return choiceEnd(run, language, effective, rule);
}

function choiceEnd(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  rule: JsonObject | undefined,
): MaybePromise<StateCompletion> {
  return rule ? choiceTaken(run, language, effective, rule) : choiceDefault(run, language, effective);
}

/**
 * A matched rule: its Next, and its own Assign and Output only. The state-level Assign and Output belong to
 * the Default path (see choiceDefault): a rule without its own assigns nothing and passes the input on.
 */
function choiceTaken(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  rule: JsonObject,
): MaybePromise<StateCompletion> {
  const next = typeof rule.Next === 'string' ? rule.Next : undefined;
  return language.finishPassThrough(run, effective, next, { assign: rule.Assign, output: rule.Output });
}

/** No rule matched: Default, with the state-level Assign and Output. */
function choiceDefault(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
): MaybePromise<StateCompletion> {
  if (typeof run.def.Default !== 'string') {
    throw run.fail('No Choice rule matched and no Default state was specified.', ErrorNames.Runtime);
  }
  return language.finishPassThrough(run, effective, run.def.Default);
}

/** Longest Wait AWS accepts: 2^31-1 seconds from now. */
const MAX_WAIT_MS = 2_147_483_647 * 1000;

export function runWait(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return andThen(language.effectiveInput(run), (effective) =>
    andThen(language.waitMilliseconds(run, effective), (waitMs) => {
      if (waitMs > MAX_WAIT_MS) throw run.fail('Wait state delay is too long.');
      const slept = waitMs > 0 ? run.host.sleep(run.thread, waitMs) : undefined;
      return after(slept, () => language.finishPassThrough(run, effective, nextOf(run)));
    }),
  );
}

export function unknownState(run: StateRun): MaybePromise<StateCompletion> {
  throw new StatesError(
    ErrorNames.Runtime,
    `The state '${run.name}' has an unknown Type '${String(run.def.Type)}'.`,
  );
}
