// The interpreter's public surface.

export { execute, startExecution, loadDefinition, DEFAULT_START_TIME, type ExecutionHandle } from './execute';
export type * from './options';
export type * from './events';
export { isStateEntered, isStateExited } from './events';
export { applySubstitutions, findPlaceholders } from './substitutions';
export { ExecutionMachines, authorizerPerMachine } from './childMachines';
export { MAX_PAYLOAD_BYTES, DEFAULT_MAX_TRANSITIONS } from './runtime';
export { TaskTokenError, type TaskTokenErrorName, type WaitingTask } from './taskTokens';
