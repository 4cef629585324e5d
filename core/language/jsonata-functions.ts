// Signatures and one-line descriptions of the JSONata functions Step Functions offers (JSONata 2.0's
// built-ins and AWS's additions), for completion and hover inside `{% %}` expressions.
import { JSONATA_FUNCTION_NAMES } from '../jsonata';

export interface JsonataFunctionDoc {
  name: string;
  /** Parameters as written in the call, e.g. `(array, function)`. */
  params: string;
  description: string;
  /** Added by Step Functions (not in JSONata itself). */
  aws?: boolean;
}

const DOCS: [string, string, string][] = [
  ['sum', '(array)', 'The sum of an array of numbers.'],
  ['count', '(array)', 'The number of items in an array.'],
  ['max', '(array)', 'The largest number in an array.'],
  ['min', '(array)', 'The smallest number in an array.'],
  ['average', '(array)', 'The mean of an array of numbers.'],
  ['string', '(value, prettify?)', 'Casts a value to a string (JSON for objects and arrays).'],
  ['substring', '(str, start, length?)', 'The part of a string from a zero-based start.'],
  ['substringBefore', '(str, chars)', 'The part of a string before the first occurrence of chars.'],
  ['substringAfter', '(str, chars)', 'The part of a string after the first occurrence of chars.'],
  ['lowercase', '(str)', 'The string in lower case.'],
  ['uppercase', '(str)', 'The string in upper case.'],
  ['length', '(str)', 'The number of characters in a string.'],
  ['trim', '(str)', 'Removes leading and trailing whitespace and collapses runs of whitespace.'],
  ['pad', '(str, width, char?)', 'Pads a string to width (negative width pads on the left).'],
  ['match', '(str, pattern, limit?)', 'The matches of a regular expression, with groups and positions.'],
  ['contains', '(str, pattern)', 'True when the string contains the substring or matches the regex.'],
  ['replace', '(str, pattern, replacement, limit?)', 'Replaces occurrences of a substring or regex.'],
  ['split', '(str, separator, limit?)', 'Splits a string into an array.'],
  ['join', '(array, separator?)', 'Joins an array of strings.'],
  ['formatNumber', '(number, picture, options?)', 'Formats a number with a decimal picture string.'],
  ['formatBase', '(number, radix?)', 'Formats a number in another base.'],
  ['formatInteger', '(number, picture)', 'Formats an integer (words, roman numerals, ...).'],
  ['parseInteger', '(string, picture)', 'Parses an integer formatted with a picture string.'],
  ['number', '(arg)', 'Casts a string or boolean to a number.'],
  ['floor', '(number)', 'Rounds down.'],
  ['ceil', '(number)', 'Rounds up.'],
  ['round', '(number, precision?)', 'Rounds half to even.'],
  ['abs', '(number)', 'The absolute value.'],
  ['sqrt', '(number)', 'The square root.'],
  ['power', '(base, exponent)', 'base raised to exponent.'],
  ['random', '()', 'A random number in [0, 1).'],
  ['boolean', '(arg)', 'Casts a value to a boolean.'],
  ['not', '(arg)', 'Logical negation.'],
  ['map', '(array, function)', 'Applies a function to each item.'],
  ['zip', '(array1, ...)', 'Combines arrays item by item into an array of arrays.'],
  ['filter', '(array, function)', 'The items for which the function returns true.'],
  ['single', '(array, function?)', 'The one item that satisfies the function; an error otherwise.'],
  ['reduce', '(array, function, init?)', 'Folds an array into one value.'],
  ['sift', '(object, function)', "The object's properties for which the function returns true."],
  ['keys', '(object)', 'The keys of an object (or of every object in an array).'],
  ['lookup', '(object, key)', 'The value of a key.'],
  ['append', '(array1, array2)', 'Concatenates two arrays (or values).'],
  ['exists', '(arg)', 'True when the expression yields a value.'],
  ['spread', '(object)', 'Splits an object into an array of one-property objects.'],
  ['merge', '(array<object>)', 'Merges an array of objects into one.'],
  ['reverse', '(array)', 'The array in reverse order.'],
  ['each', '(object, function)', 'Applies a function to each property (value, key).'],
  ['error', '(message)', 'Raises an error with a message.'],
  ['assert', '(condition, message)', 'Raises an error when the condition is false.'],
  ['sort', '(array, function?)', 'Sorts an array, optionally with a comparator.'],
  ['shuffle', '(array)', 'The array in random order.'],
  ['distinct', '(array)', 'The array without duplicate values.'],
  ['base64encode', '(str)', 'Encodes a string as Base64.'],
  ['base64decode', '(str)', 'Decodes a Base64 string.'],
  ['encodeUrlComponent', '(str)', 'Percent-encodes a URL component.'],
  ['encodeUrl', '(str)', 'Percent-encodes a URL.'],
  ['decodeUrlComponent', '(str)', 'Decodes a percent-encoded URL component.'],
  ['decodeUrl', '(str)', 'Decodes a percent-encoded URL.'],
  ['toMillis', '(timestamp, picture?)', 'Milliseconds since the epoch of an ISO 8601 timestamp.'],
  ['fromMillis', '(number, picture?, timezone?)', 'An ISO 8601 timestamp from milliseconds since the epoch.'],
  ['clone', '(value)', 'A deep copy of a value.'],
  ['type', '(value)', 'The type of a value: "string", "number", "object"...'],
  ['now', '(picture?, timezone?)', 'The current time as an ISO 8601 timestamp (fixed for one evaluation).'],
  ['millis', '()', 'The current time in milliseconds since the epoch.'],
];

const AWS_DOCS: [string, string, string][] = [
  ['partition', '(array, size)', 'Splits an array into chunks of size items.'],
  ['range', '(start, end, step)', 'The numbers from start to end (inclusive) by step.'],
  [
    'hash',
    '(data, algorithm?)',
    'The hex hash of a string: MD5, SHA-1, SHA-256 (default), SHA-384 or SHA-512.',
  ],
  ['random', '(seed?)', 'A random number in [0, 1), optionally seeded.'],
  ['uuid', '()', 'A version 4 UUID.'],
  ['parse', '(jsonString)', 'Parses a JSON string into a value.'],
];

function build(): JsonataFunctionDoc[] {
  const byName = new Map<string, JsonataFunctionDoc>();
  for (const [name, params, description] of DOCS) byName.set(name, { name, params, description });
  for (const [name, params, description] of AWS_DOCS)
    byName.set(name, { name, params, description, aws: true });
  // Names the evaluator knows but this table misses still complete, without a description.
  for (const name of JSONATA_FUNCTION_NAMES)
    if (!byName.has(name)) byName.set(name, { name, params: '(...)', description: '' });
  return [...byName.values()].filter((doc) => JSONATA_FUNCTION_NAMES.has(doc.name));
}

export const JSONATA_FUNCTIONS: readonly JsonataFunctionDoc[] = build();

/** The function called `name` (without the `$`). */
export function jsonataFunction(name: string): JsonataFunctionDoc | undefined {
  return JSONATA_FUNCTIONS.find((doc) => doc.name === name);
}
