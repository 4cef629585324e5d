// The ids of the extension's commands, shared by the code that registers them and the manifest test.

export const COMMANDS = {
  run: 'stepthrough.runStateMachine',
  debug: 'stepthrough.debugStateMachine',
  openGraph: 'stepthrough.openGraph',
  showOutput: 'stepthrough.showOutput',
  replayHistory: 'stepthrough.replayExecutionHistory',
  sendTaskAnswer: 'stepthrough.sendTaskAnswer',
} as const;
