// Public API of the intrinsic functions (`States.*`): parse, check statically, evaluate.

export type {
  IntrinsicArg,
  IntrinsicCall,
  IntrinsicEnv,
  IntrinsicParseResult,
  IntrinsicProblem,
  IntrinsicSignature,
} from './types';
export { looksLikeIntrinsic, MAX_INTRINSIC_NESTING, parseIntrinsic } from './parse';
export { INTRINSIC_SIGNATURES } from './signatures';
export { checkIntrinsic, MAX_INTRINSICS_PER_FIELD } from './check';
export { evaluateIntrinsic } from './evaluate';
export { formatArgumentText, formatJavaNumber, toCompactJson } from './format-value';
