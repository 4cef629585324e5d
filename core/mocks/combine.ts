// Layering of mock sources: the first source that mocks a state answers for it, so per-case
// overrides can sit in front of file-level mocks.

import type { MockResponse, MockSource } from './types';

/** A MockSource that asks, for each state, the first of `sources` that has it. */
export function combineMocks(...sources: MockSource[]): MockSource {
  const ownerOf = (stateName: string): MockSource | undefined =>
    sources.find((source) => source.has(stateName));
  return {
    responseFor(stateName: string, invocation: number): MockResponse | undefined {
      return ownerOf(stateName)?.responseFor(stateName, invocation);
    },
    has(stateName: string): boolean {
      return ownerOf(stateName) !== undefined;
    },
    stateNames(): string[] {
      return [...new Set(sources.flatMap((source) => source.stateNames()))];
    },
  };
}
