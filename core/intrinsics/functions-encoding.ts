// Encoding and hashing intrinsics: States.Base64Encode, States.Base64Decode and States.Hash (node:crypto).

import { digest } from '../hash';
import type { JsonValue } from '../json';
import { describeValue, expectString, intrinsicError } from './args';

/** AWS limit on the input of Base64Encode, Base64Decode and Hash, in characters. */
export const MAX_ENCODING_INPUT_CHARS = 10000;

/** The algorithm names States.Hash accepts, mapped to node:crypto names. */
export const HASH_ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);

function expectBoundedString(functionName: string, args: JsonValue[], index: number): string {
  const text = expectString(functionName, args, index);
  if (text.length > MAX_ENCODING_INPUT_CHARS) {
    throw intrinsicError(
      functionName,
      `the input has ${text.length} characters; the maximum is ${MAX_ENCODING_INPUT_CHARS}.`,
    );
  }
  return text;
}

/** Standard Base64 (with padding) of the string's UTF-8 bytes. */
export function statesBase64Encode(args: JsonValue[]): JsonValue {
  return Buffer.from(expectBoundedString('States.Base64Encode', args, 0), 'utf8').toString('base64');
}

/** Decodes standard Base64 (padding optional) to bytes read as UTF-8. */
export function statesBase64Decode(args: JsonValue[]): JsonValue {
  const name = 'States.Base64Decode';
  const encoded = expectBoundedString(name, args, 0);
  const padded = encoded.includes('=');
  const valid =
    /^[A-Za-z0-9+/]*={0,2}$/.test(encoded) && (padded ? encoded.length % 4 === 0 : encoded.length % 4 !== 1);
  if (!valid) throw intrinsicError(name, `the argument is not valid Base64: ${describeValue(encoded)}.`);
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** Hex digest of the string's UTF-8 bytes with MD5, SHA-1, SHA-256, SHA-384 or SHA-512. */
export function statesHash(args: JsonValue[]): JsonValue {
  const name = 'States.Hash';
  const data = expectBoundedString(name, args, 0);
  const algorithm = expectString(name, args, 1);
  const nodeAlgorithm = HASH_ALGORITHMS.get(algorithm);
  if (nodeAlgorithm === undefined) {
    throw intrinsicError(
      name,
      `unsupported algorithm ${describeValue(algorithm)}; use one of ${[...HASH_ALGORITHMS.keys()].join(', ')}.`,
    );
  }
  return digest(nodeAlgorithm, data, 'hex');
}
