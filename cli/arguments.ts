// Values given on the command line itself (not files): inline JSON.

import { StepthroughError, type JsonValue } from '../core';

export function parseJsonArgument(text: string, option: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new StepthroughError(
      'E_USAGE',
      `The value of ${option} is not valid JSON: ${(err as Error).message}`,
      {
        hint: `Quote it for your shell, e.g. ${option} '{"orderId": 42}'.`,
      },
    );
  }
}
