// The validation benchmark on its own, in a fresh process that `npm run bench` starts (bench/run.ts).
// The earlier parts of the run drive the same core code (parser, JSONPath, intrinsics) with other
// shapes of values, and the type feedback they leave slowed our validator there: 0.087 ms a document
// inside the whole run against 0.036 ms alone (2026-12-06), while the language service it is compared
// with, which those parts never touch, measured the same. Alone, each tool gets the same fresh start.

import { benchValidation, formatValidationBench } from '../test/lsp/bench';

benchValidation().then(
  (result) => console.log(formatValidationBench(result)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
