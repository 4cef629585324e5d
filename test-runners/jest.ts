// `stepthrough/jest`: importing it adds the execution matchers and the snapshot serializer to Jest's
// expect; `defineSfnTests` registers test files' cases as Jest tests. CommonJS and ESM
// (--experimental-vm-modules) test files alike.
//   const { defineSfnTests } = require('stepthrough/jest');
//   defineSfnTests('**/*.sfn-test.yaml');

import { describe, expect, test } from '@jest/globals';
import { sfnMatchers, type SfnMatchers } from './matchers';
import { sfnSnapshotSerializer } from './serializer';
import { defineSfnTestsWith, type SfnTestsOptions } from './sfnTests';

expect.extend(sfnMatchers as unknown as Parameters<typeof expect.extend>[0]);
expect.addSnapshotSerializer(
  sfnSnapshotSerializer as unknown as Parameters<typeof expect.addSnapshotSerializer>[0],
);

/** Registers the cases of the *.sfn-test.yaml files the patterns match, one Jest test per case. */
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

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends SfnMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends SfnMatchers<R> {}
  }
}
