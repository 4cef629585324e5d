// A state's run rebuilt from what the engine showed of it, to read its fields again after the execution:
// TestState reads a mocked Map's MaxConcurrency and tolerated failures this way, with the query
// language's own mapLimits (index.ts' readMapLimits), over the frame the Map's run showed at its pause
// point (its input, context object, variables and clock) and the id of its StateEntered event (the
// prefix of AWS's error causes). Outside an execution a run only reads fields: writing history, waiting,
// calling a service or starting children throws.

import type { JsonObject } from '../../json';
import type { ExecutionIdentity } from '../context';
import type { StateHost } from '../host';
import type { StateFrame } from '../options';
import { seededRandom } from '../random';
import { ThreadControl } from '../scheduler';
import { StateRun } from '../stateRun';
import type { Thread } from '../thread';
import { VariableScope } from '../variables';

/** A state as an execution ran it. */
export interface SeenState {
  /** Its frame (as `beforeState` was given it; its variables are those the state ran with). */
  frame: StateFrame;
  /** The query language the state inherits (its own QueryLanguage, if any, wins). */
  queryLanguage: 'JSONPath' | 'JSONata';
  /** The id of its StateEntered event. */
  enteredEventId: number;
}

/** A run of the seen state that can read its fields (and nothing else). */
export function seenStateRun(seen: SeenState): StateRun {
  return new SeenRun(seen);
}

class SeenRun extends StateRun {
  private readonly shownContext: StateFrame['context'];

  constructor(seen: SeenState) {
    const { frame } = seen;
    super(
      outsideHost(frame.now),
      outsideThread(frame, seen.queryLanguage),
      frame.stateName,
      frame.stateType,
      frame.definition,
      frame.definitionPath,
      frame.input,
      true,
      frame.transitions,
    );
    this.shownContext = frame.context;
    this.enteredEventId = seen.enteredEventId;
  }

  /** The context object the run showed (built from the execution's identity, which is not here). */
  override context(): JsonObject {
    const shown = this.shownContext;
    if (shown === null || typeof shown !== 'object' || Array.isArray(shown)) return unavailable('context');
    return shown;
  }

  /** The execution wrote its EvaluationFailed event when it read the field; there is no history here. */
  override evaluationFailed(): void {}
}

function unavailable(what: string): never {
  throw new Error(`Stepthrough: a state read after its run has no ${what}`);
}

function outsideThread(frame: StateFrame, queryLanguage: SeenState['queryLanguage']): Thread {
  const variables = new VariableScope();
  for (const [name, value] of Object.entries(frame.variables)) variables.set(name, value);
  return {
    id: frame.threadId,
    name: frame.threadName,
    scope: frame.scope,
    control: new ThreadControl([], undefined),
    variables,
    lastEventId: 0,
    lastRecordedId: 0,
    queryLanguage,
  };
}

function outsideHost(now: number): StateHost {
  const none = (what: string) => (): never => unavailable(what);
  return {
    get identity(): ExecutionIdentity {
      return unavailable('execution');
    },
    random: seededRandom(0),
    services: {
      authorize: none('services'),
      call: none('services'),
      itemReaderData: none('services'),
    },
    observer: undefined,
    now: () => now,
    record: none('history'),
    sleep: none('clock'),
    countTransition: none('history'),
    runChildren: none('children'),
    awaitAnswer: none('task tokens'),
    callOut: none('services'),
    runExecution: none('children'),
    startExecution: none('children'),
  };
}
