// Public API of the definition model: one walk over a definition's nested states, with their scopes,
// transitions and source ranges, built once per parsed document and read by the validator, the editor
// features, the graph, IAM, the test runner and the debugger.
export type {
  DefinitionModel,
  DefinitionSource,
  QueryLanguage,
  ScopeKind,
  ScopeModel,
  SourceLocation,
  SourceMap,
  StateLocation,
  TransitionField,
  TransitionRef,
} from './types';
export { definitionModel, definitionModelOfValue, uncachedDefinitionModel } from './build';
export {
  enclosingState,
  findStateByName,
  incomingTransitions,
  isMeaningfulTransition,
  isWithin,
  NO_NEXT_TYPES,
  outgoingTransitions,
  stateAtLine,
  stateAtOffset,
  stateAtPath,
  stateNameAt,
  stateValue,
  transitionAt,
  transitionTarget,
} from './lookup';
export { definitionKeyOffset, definitionOffset, sourceRange, stateAtSourceLine } from './source';
export { walkStates, type StateVisit } from './walk';
export {
  ASL_LANGUAGE_IDS,
  formatForLanguage,
  isAslFileName,
  isAslLanguage,
  isStateMachine,
  looksLikeStateMachine,
  stateMachineEvidence,
  stateMachineNameOf,
  type DocumentFacts,
  type StateMachineEvidence,
} from './classify';
