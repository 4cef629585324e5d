// Vitest configuration of the example project (globals on, for the CommonJS example).
export default { test: { globals: true } };
