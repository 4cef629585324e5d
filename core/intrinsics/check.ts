// Static checks on a parsed intrinsic call, for validation and the language server: unknown functions,
// argument counts, literal and nested-call argument types, States.Format placeholder counts, literal values
// AWS would reject at run time, and the limit of 10 intrinsic functions in one field.

import { describeArity } from './evaluate';
import { HASH_ALGORITHMS } from './functions-encoding';
import { MAX_ARRAY_RANGE_ITEMS } from './functions-array';
import { formatTemplatePieces } from './functions-string';
import { INTRINSIC_SIGNATURES } from './signatures';
import type { IntrinsicArg, IntrinsicCall, IntrinsicProblem, IntrinsicSignature } from './types';

/** AWS allows at most this many intrinsic functions (nested ones included) in one field. */
export const MAX_INTRINSICS_PER_FIELD = 10;

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Returns every problem found; an empty list means the call looks valid. */
export function checkIntrinsic(call: IntrinsicCall): IntrinsicProblem[] {
  const problems: IntrinsicProblem[] = [];
  checkCall(call, problems);
  const total = countCalls(call);
  if (total > MAX_INTRINSICS_PER_FIELD) {
    problems.push({
      message: `This field uses ${total} intrinsic functions; AWS allows at most ${MAX_INTRINSICS_PER_FIELD} in one field.`,
      offset: call.nameOffset,
      length: call.name.length,
    });
  }
  return problems;
}

function countCalls(call: IntrinsicCall): number {
  return 1 + call.args.reduce((sum, arg) => sum + (arg.kind === 'call' ? countCalls(arg.call) : 0), 0);
}

function argRange(arg: IntrinsicArg): { offset: number; length: number } {
  return arg.kind === 'call'
    ? { offset: arg.call.offset, length: arg.call.length }
    : { offset: arg.offset, length: arg.length };
}

function checkCall(call: IntrinsicCall, problems: IntrinsicProblem[]): void {
  for (const arg of call.args) if (arg.kind === 'call') checkCall(arg.call, problems);
  const signature = INTRINSIC_SIGNATURES.get(call.name);
  const at = { offset: call.nameOffset, length: call.name.length };
  if (signature === undefined) {
    problems.push({ message: `Unknown intrinsic function ${call.name}.`, ...at });
    return;
  }
  const count = call.args.length;
  if (count < signature.minArgs || count > signature.maxArgs) {
    problems.push({
      message: `${call.name} expects ${describeArity(signature.minArgs, signature.maxArgs)}, got ${count}.`,
      ...at,
    });
  }
  call.args.forEach((arg, index) => {
    const param = paramAt(signature, index);
    if (param === undefined) return;
    const problem = typeProblem(arg, param.type);
    if (problem !== undefined) {
      problems.push({
        message: `${call.name} expects ${article(param.type)} for '${param.name}' (argument ${index + 1}), got ${problem}.`,
        ...argRange(arg),
      });
    }
  });
  checkLiteralValues(call, problems);
}

function paramAt(
  signature: IntrinsicSignature,
  index: number,
): IntrinsicSignature['params'][number] | undefined {
  const direct = signature.params[index];
  if (direct !== undefined) return direct;
  const last = signature.params[signature.params.length - 1];
  return last?.variadic ? last : undefined;
}

function article(type: string): string {
  if (type === 'any') return 'any value';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** What is wrong with passing `arg` where `expected` is wanted, or undefined when it fits (or is unknown). */
function typeProblem(arg: IntrinsicArg, expected: string): string | undefined {
  if (expected === 'any' || arg.kind === 'path') return undefined;
  if (arg.kind === 'call') {
    const returns = INTRINSIC_SIGNATURES.get(arg.call.name)?.returns;
    if (returns === undefined || returns === 'any' || compatible(returns, expected)) return undefined;
    return `${article(returns)} from ${arg.call.name}`;
  }
  const literalType = arg.kind === 'number' ? 'number' : arg.kind;
  if (compatible(literalType, expected)) return undefined;
  return arg.kind === 'null' ? 'null' : `${article(literalType)} literal`;
}

function compatible(actual: string, expected: string): boolean {
  const numeric = (t: string) => t === 'number' || t === 'integer';
  return actual === expected || (numeric(actual) && numeric(expected));
}

function numberLiteral(arg: IntrinsicArg | undefined): number | undefined {
  return arg?.kind === 'number' ? arg.value : undefined;
}

/** Checks on literal argument values that are certain to fail at run time. */
function checkLiteralValues(call: IntrinsicCall, problems: IntrinsicProblem[]): void {
  const [first, second, third] = call.args;
  const report = (arg: IntrinsicArg, message: string) => problems.push({ message, ...argRange(arg) });
  switch (call.name) {
    case 'States.Format': {
      if (first?.kind !== 'string') break;
      const placeholders = formatTemplatePieces(first, first.value).length - 1;
      const values = call.args.length - 1;
      if (placeholders !== values) {
        report(
          first,
          `The template has ${placeholders} {} placeholder${placeholders === 1 ? '' : 's'} but ${values} value${values === 1 ? ' is' : 's are'} given.`,
        );
      }
      break;
    }
    case 'States.JsonMerge':
      if (third?.kind === 'boolean' && third.value) {
        report(third, 'States.JsonMerge supports only shallow merge: the third argument must be false.');
      }
      break;
    case 'States.Hash':
      if (second?.kind === 'string' && !HASH_ALGORITHMS.has(second.value)) {
        report(
          second,
          `Unsupported hash algorithm '${second.value}'; use one of ${[...HASH_ALGORITHMS.keys()].join(', ')}.`,
        );
      }
      break;
    case 'States.ArrayGetItem': {
      const index = numberLiteral(second);
      if (second !== undefined && index !== undefined && (!Number.isInteger(index) || index < 0)) {
        report(second, 'The index must be a non-negative integer.');
      }
      break;
    }
    case 'States.ArrayPartition': {
      const size = numberLiteral(second);
      if (second !== undefined && size !== undefined && Math.round(size) <= 0) {
        report(second, 'The chunk size must be a positive integer.');
      }
      break;
    }
    case 'States.ArrayRange':
      checkArrayRange(call.args, report);
      break;
    case 'States.MathAdd':
      for (const arg of [first, second]) {
        const value = numberLiteral(arg);
        if (
          arg !== undefined &&
          value !== undefined &&
          (Math.round(value) < INT_MIN || Math.round(value) > INT_MAX)
        ) {
          report(arg, `States.MathAdd accepts integers from ${INT_MIN} to ${INT_MAX}.`);
        }
      }
      break;
    case 'States.MathRandom': {
      const start = numberLiteral(first);
      const end = numberLiteral(second);
      if (
        second !== undefined &&
        start !== undefined &&
        end !== undefined &&
        Math.round(end) <= Math.round(start)
      ) {
        report(second, 'The end must be greater than the start.');
      }
      break;
    }
  }
}

function checkArrayRange(args: IntrinsicArg[], report: (arg: IntrinsicArg, message: string) => void): void {
  const [startArg, endArg, stepArg] = args;
  const step = numberLiteral(stepArg);
  if (stepArg === undefined || step === undefined) return;
  const roundedStep = Math.round(step);
  if (roundedStep === 0) {
    report(stepArg, 'The step must not be 0.');
    return;
  }
  const start = numberLiteral(startArg);
  const end = numberLiteral(endArg);
  if (start === undefined || end === undefined) return;
  const from = Math.round(start);
  const to = Math.round(end);
  const count = (roundedStep > 0 ? from <= to : from >= to) ? Math.floor((to - from) / roundedStep) + 1 : 0;
  if (count > MAX_ARRAY_RANGE_ITEMS) {
    report(
      stepArg,
      `This range has ${count} items; States.ArrayRange can return at most ${MAX_ARRAY_RANGE_ITEMS}.`,
    );
  }
}
