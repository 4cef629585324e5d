// String intrinsics: States.Format (placeholders, escapes, Java-style value rendering) and States.StringSplit.

import type { JsonValue } from '../json';
import { expectString, intrinsicError } from './args';
import { formatArgumentText } from './format-value';
import type { IntrinsicArg, IntrinsicCall } from './types';

/**
 * The literal pieces around each `{}` of a template written as a string literal. `raw` is the literal as
 * written, so an escaped `\{\}` stays literal text and is not a placeholder.
 */
export function splitLiteralTemplate(raw: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      current += raw[i + 1];
      i++;
    } else if (c === '{' && raw[i + 1] === '}') {
      pieces.push(current);
      current = '';
      i++;
    } else {
      current += c;
    }
  }
  pieces.push(current);
  return pieces;
}

/** A literal template's pieces, split once per parsed argument (parsed calls are cached and reused). */
const literalPieces = new WeakMap<IntrinsicArg, readonly string[]>();

/** The template pieces for States.Format's first argument: escape-aware for literals, plain `{}` otherwise. */
export function formatTemplatePieces(
  templateArg: IntrinsicArg | undefined,
  template: string,
): readonly string[] {
  if (templateArg?.kind === 'string' && templateArg.raw !== undefined) {
    let pieces = literalPieces.get(templateArg);
    if (pieces === undefined) {
      pieces = splitLiteralTemplate(templateArg.raw);
      literalPieces.set(templateArg, pieces);
    }
    return pieces;
  }
  return template.split('{}');
}

/** States.Format(template, ...values): each `{}` is replaced by the next value, rendered as AWS renders it. */
export function statesFormat(args: JsonValue[], call: IntrinsicCall): JsonValue {
  const name = 'States.Format';
  const template = expectString(name, args, 0);
  const pieces = formatTemplatePieces(call.args[0], template);
  const values = args.slice(1);
  const placeholders = pieces.length - 1;
  if (placeholders !== values.length) {
    throw intrinsicError(
      name,
      `the template has ${placeholders} {} placeholder${placeholders === 1 ? '' : 's'} but ${values.length} value${values.length === 1 ? ' was' : 's were'} given.`,
    );
  }
  let out = pieces[0] ?? '';
  values.forEach((value, i) => {
    out += formatArgumentText(value) + (pieces[i + 1] ?? '');
  });
  return out;
}

/**
 * States.StringSplit(text, delimiters): every character of the delimiter string is a delimiter, and empty
 * pieces are dropped (`",,a,"` split on `","` is `["a"]`), as recorded on AWS.
 */
export function statesStringSplit(args: JsonValue[]): JsonValue {
  const name = 'States.StringSplit';
  const text = expectString(name, args, 0);
  const delimiters = new Set(Array.from(expectString(name, args, 1)));
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (delimiters.has(char)) {
      if (current !== '') pieces.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
