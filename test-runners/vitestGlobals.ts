// Stands in for 'vitest' in the CommonJS build of `stepthrough/vitest`: Vitest cannot be required, so
// a CommonJS test file reaches it through the globals Vitest installs with `globals: true`.

interface VitestGlobals {
  describe: typeof import('vitest').describe;
  test: typeof import('vitest').test;
  expect: typeof import('vitest').expect;
}

function vitestGlobal<K extends keyof VitestGlobals>(name: K): VitestGlobals[K] {
  const value = (globalThis as Partial<VitestGlobals>)[name];
  if (value === undefined) {
    throw new Error(
      "stepthrough/vitest was required from CommonJS, where Vitest is only reachable through its globals: set `test: { globals: true }` in vitest.config, or use `import 'stepthrough/vitest'`.",
    );
  }
  return value;
}

export const describe = vitestGlobal('describe');
export const test = vitestGlobal('test');
export const expect = vitestGlobal('expect');
