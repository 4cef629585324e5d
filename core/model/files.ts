// What a file's name says about the state machine in it: whether the name marks an ASL file, and the
// state machine name a file gives a run (the context object's StateMachine.Name, the mocks it picks).

/** `*.asl.json`, `*.asl.yaml`, `*.asl.yml` (the names AWS Toolkit treats as state machines). */
export function isAslFileName(fileName: string): boolean {
  return /\.asl\.(json|ya?ml)$/i.test(fileName);
}

/** `dir/order.asl.json` → `order`; `flow.yaml` → `flow` (either path separator). */
export function stateMachineNameOf(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return name.replace(/(\.asl)?\.(json|ya?ml)$/i, '');
}
