// Types for the peer validator the benchmark compares with (asl-validator ships none).
declare module 'asl-validator' {
  function validator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): { isValid: boolean; errors: unknown[] };
  export = validator;
}
