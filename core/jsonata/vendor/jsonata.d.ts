// Types of the vendored jsonata (./jsonata.js, generated from jsonata 2.0.6 with ./patches.ts): the parts
// Stepthrough uses.

declare function jsonata(expression: string, options?: { recover?: boolean }): jsonata.Expression;

declare namespace jsonata {
  interface Environment {
    bind(name: string | symbol, value: unknown): void;
    lookup(name: string | symbol): unknown;
  }

  /** The `this` of a registered function. */
  interface Focus {
    readonly environment: Environment;
    readonly input: unknown;
  }

  interface ExprNode {
    type: string;
    value?: unknown;
    position?: number;
    [key: string]: unknown;
  }

  interface Expression {
    evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
    assign(name: string | symbol, value: unknown): void;
    registerFunction(
      name: string,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      implementation: (this: Focus, ...args: any[]) => unknown,
      signature?: string,
    ): void;
    ast(): ExprNode;
  }
}

export = jsonata;
