// Signatures of every States.* intrinsic: parameter names and types, argument counts, result type and a
// description. The evaluator checks argument counts against them; the language server uses them for
// completion, hover and validation.

import type { IntrinsicSignature } from './types';

type Param = IntrinsicSignature['params'][number];

function signature(name: string, params: Param[], returns: string, description: string): IntrinsicSignature {
  const required = params.filter((p) => !p.optional && !p.variadic).length;
  const variadic = params.some((p) => p.variadic);
  return {
    name,
    params,
    minArgs: required,
    maxArgs: variadic ? Infinity : params.length,
    returns,
    description,
  };
}

const ALL: IntrinsicSignature[] = [
  signature(
    'States.Format',
    [
      { name: 'template', type: 'string' },
      { name: 'values', type: 'any', variadic: true },
    ],
    'string',
    "Builds a string: each {} in the template is replaced by the next value. Write \\{ \\} \\' and \\\\ for literal { } ' and \\. There must be as many values as {}.",
  ),
  signature(
    'States.StringToJson',
    [{ name: 'jsonString', type: 'string' }],
    'any',
    'Parses a JSON string into a JSON value. An empty string gives null.',
  ),
  signature(
    'States.JsonToString',
    [{ name: 'value', type: 'any' }],
    'string',
    'Serializes a JSON value to compact JSON text (no spaces).',
  ),
  signature(
    'States.Array',
    [{ name: 'values', type: 'any', variadic: true }],
    'array',
    'Returns an array of the argument values, in order.',
  ),
  signature(
    'States.ArrayPartition',
    [
      { name: 'array', type: 'array' },
      { name: 'chunkSize', type: 'integer' },
    ],
    'array',
    'Splits an array into chunks of chunkSize items; the last chunk holds the remainder. chunkSize must be positive.',
  ),
  signature(
    'States.ArrayContains',
    [
      { name: 'array', type: 'array' },
      { name: 'value', type: 'any' },
    ],
    'boolean',
    'True when the array contains the value (objects and arrays compare by content).',
  ),
  signature(
    'States.ArrayRange',
    [
      { name: 'start', type: 'integer' },
      { name: 'end', type: 'integer' },
      { name: 'step', type: 'integer' },
    ],
    'array',
    'Returns start, start+step, ... up to end (inclusive). step must not be 0; at most 1000 items.',
  ),
  signature(
    'States.ArrayGetItem',
    [
      { name: 'array', type: 'array' },
      { name: 'index', type: 'integer' },
    ],
    'any',
    'Returns the item at a zero-based index.',
  ),
  signature(
    'States.ArrayLength',
    [{ name: 'array', type: 'array' }],
    'integer',
    'Returns the number of items.',
  ),
  signature(
    'States.ArrayUnique',
    [{ name: 'array', type: 'array' }],
    'array',
    'Removes duplicate values, keeping the first occurrence of each.',
  ),
  signature(
    'States.Base64Encode',
    [{ name: 'data', type: 'string' }],
    'string',
    'Encodes a string (UTF-8) as Base64. Input up to 10,000 characters.',
  ),
  signature(
    'States.Base64Decode',
    [{ name: 'base64', type: 'string' }],
    'string',
    'Decodes a Base64 string to text (UTF-8). Input up to 10,000 characters.',
  ),
  signature(
    'States.Hash',
    [
      { name: 'data', type: 'string' },
      { name: 'algorithm', type: 'string' },
    ],
    'string',
    'Hex digest of a string with MD5, SHA-1, SHA-256, SHA-384 or SHA-512. Input up to 10,000 characters.',
  ),
  signature(
    'States.JsonMerge',
    [
      { name: 'object1', type: 'object' },
      { name: 'object2', type: 'object' },
      { name: 'deepMerge', type: 'boolean' },
    ],
    'object',
    "Merges two objects; object2's keys replace object1's. Only shallow merge is supported: deepMerge must be false.",
  ),
  signature(
    'States.MathRandom',
    [
      { name: 'start', type: 'integer' },
      { name: 'end', type: 'integer' },
      { name: 'seed', type: 'integer', optional: true },
    ],
    'integer',
    'A random integer from start (inclusive) to end (exclusive). With a seed the result is always the same.',
  ),
  signature(
    'States.MathAdd',
    [
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'integer' },
    ],
    'integer',
    'The sum of two integers (non-integers are rounded first). Values from -2147483648 to 2147483647.',
  ),
  signature(
    'States.StringSplit',
    [
      { name: 'text', type: 'string' },
      { name: 'delimiters', type: 'string' },
    ],
    'array',
    'Splits a string; every character of delimiters is a separator. Empty pieces are dropped.',
  ),
  signature('States.UUID', [], 'string', 'A random version 4 UUID.'),
];

export const INTRINSIC_SIGNATURES: ReadonlyMap<string, IntrinsicSignature> = new Map(
  ALL.map((s) => [s.name, s]),
);
