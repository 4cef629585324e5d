// Custom requests of the Stepthrough language server, declared once for the server and its clients (the
// VS Code extension's graph view follows the cursor with `stateAt`). Discriminated by a string `type`.

/** The JSON-RPC method carrying every Stepthrough request. */
export const STEPTHROUGH_REQUEST_METHOD = 'stepthrough/request';

export interface LspPosition {
  line: number;
  character: number;
}

export interface StateReference {
  name: string;
  /** The state's path in the definition, e.g. ['States', 'Work', 'Branches', 0, 'States', 'Inner']. */
  path: (string | number)[];
  stateType: string | undefined;
}

export type StepthroughRequest =
  /** The innermost state at a position (null outside every state). */
  | { type: 'stateAt'; uri: string; position: LspPosition }
  /** Every state of an open document, nested ones included, in document order. */
  | { type: 'states'; uri: string };

export type StepthroughResponse =
  | { type: 'stateAt'; state: StateReference | null }
  | { type: 'states'; states: StateReference[] }
  /** The document is not open, or is not a state machine. */
  | { type: 'unknownDocument'; uri: string };
