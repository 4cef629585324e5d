// Layering of mock sources: the first source that mocks a state answers for it, so per-case
// overrides can sit in front of file-level mocks.

import type { MockCall, MockResponse, MockSource } from './types';

/** A MockSource that asks, for each key, the first of `sources` that has it. */
export function combineMocks(...sources: MockSource[]): MockSource {
  const ownerOf = (stateName: string): MockSource | undefined =>
    sources.find((source) => source.has(stateName));
  const layers = sources.flatMap((source) => source.layers?.() ?? [source]);
  return {
    responseFor(stateName: string, invocation: number, call?: MockCall): MockResponse | undefined {
      return ownerOf(stateName)?.responseFor(stateName, invocation, call);
    },
    layers: () => layers,
    has(stateName: string): boolean {
      return ownerOf(stateName) !== undefined;
    },
    stateNames(): string[] {
      return [...new Set(sources.flatMap((source) => source.stateNames()))];
    },
  };
}
