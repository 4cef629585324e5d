// `stepthrough/vitest`: importing it adds the execution matchers and the snapshot serializer to
// Vitest's expect; `defineSfnTests` registers test files' cases as Vitest tests.
//   import { defineSfnTests } from 'stepthrough/vitest';
//   defineSfnTests('**/*.sfn-test.yaml');
// From CommonJS, Vitest cannot be required: the CommonJS build uses Vitest's globals (`globals: true`).

import { describe, expect, test } from 'vitest';
import { sfnMatchers, type SfnMatchers } from './matchers';
import { sfnSnapshotSerializer } from './serializer';
import { defineSfnTestsWith, type SfnTestsOptions } from './sfnTests';

expect.extend(sfnMatchers as unknown as Parameters<typeof expect.extend>[0]);
expect.addSnapshotSerializer(
  sfnSnapshotSerializer as unknown as Parameters<typeof expect.addSnapshotSerializer>[0],
);

/** Registers the cases of the *.sfn-test.yaml files the patterns match, one Vitest test per case. */
export function defineSfnTests(patterns: string | string[], options: SfnTestsOptions = {}): void {
  defineSfnTestsWith(
    {
      describe: (name, body) => describe(name, body),
      test: (name, body) => test(name, body),
      skip: (name, body) => test.skip(name, body),
    },
    patterns,
    options,
  );
}

export { sfnMatchers, sfnSnapshotSerializer, type SfnMatchers, type SfnTestsOptions };
export type { InvokedOptions } from './matchers';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends SfnMatchers<T> {}
}
