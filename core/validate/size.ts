// AWS's size limit on a definition: a state machine definition may hold at most 1,048,576 bytes (the
// CreateStateMachine API's `definition` is at most 1048576 long; the service quotas list a 1 MB hard
// limit). Measured in UTF-8 bytes of the JSON AWS is sent: over the limit even as compact JSON, AWS
// rejects it however it is deployed (an error); over it only as written (whitespace, indentation), it
// depends on the tool that sends it (a warning).
import type { AstNode } from '../parse';
import type { ValidationContext } from './context';

/** The most bytes AWS accepts in a definition. */
export const MAX_DEFINITION_BYTES = 1_048_576;
const LIMIT = "AWS's limit of 1,048,576 bytes (1 MB) for a state machine definition";

/** 1234567 → "1,234,567" (without Intl: this runs in every validation). */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function checkDefinitionSize(ctx: ValidationContext): void {
  const root = ctx.doc.ast;
  if (!root) return;
  const at = { start: root.range.start, end: root.range.start + 1 };
  const compact = compactJsonBytes(ctx, root);
  if (compact > MAX_DEFINITION_BYTES) {
    ctx.report(
      'ASL116',
      at,
      `This definition is ${grouped(compact)} bytes even as compact JSON, over ${LIMIT}: AWS rejects it. ` +
        'Move parts into child state machines (a Task that starts an execution), or keep large data out of Parameters and Result',
    );
    return;
  }
  // JSON is sent as written by some tools (`--definition file://...`); YAML is always converted.
  if (ctx.doc.format !== 'json' || ctx.text.length * 3 <= MAX_DEFINITION_BYTES) return;
  const written = utf8Bytes(ctx.text);
  if (written > MAX_DEFINITION_BYTES) {
    ctx.report(
      'ASL117',
      at,
      `As written this definition is ${grouped(written)} bytes, over ${LIMIT}; as compact JSON it is ${grouped(compact)}. ` +
        'A tool that sends the file as it is (aws stepfunctions create-state-machine --definition file://...) is refused: minify it before deploying',
    );
  }
}

/** UTF-8 bytes of a string (a lone surrogate counts as the 3 bytes of its replacement character). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Something that may be a YAML alias (`*name` starting a token): it can make the value far larger than its text. */
const YAML_ALIAS = /(?:^|[\s[{,])\*[^\s,\]}]/m;

/**
 * The UTF-8 bytes of the document's value as compact JSON (JSON.stringify), counted over the AST without
 * building the text, and only once the text could reach the limit: compact JSON has at most twice the bytes
 * of the JSON it was parsed from (a lone surrogate becomes a 6-byte escape), and YAML without aliases at
 * most ten times its characters. Stops counting once past the limit.
 */
function compactJsonBytes(ctx: ValidationContext, root: AstNode): number {
  const text = ctx.text;
  const bound =
    ctx.doc.format === 'json' ? text.length * 6 : YAML_ALIAS.test(text) ? Infinity : text.length * 10;
  if (bound <= MAX_DEFINITION_BYTES) return 0;
  let bytes = 0;
  const pending: AstNode[] = [root];
  while (pending.length > 0 && bytes <= MAX_DEFINITION_BYTES) {
    const node = pending.pop() as AstNode;
    switch (node.kind) {
      case 'object': {
        const members = node.properties.filter((p) => p.value !== undefined);
        bytes += 2 + Math.max(0, members.length - 1); // {} and commas
        for (const property of members) {
          bytes += jsonStringBytes(property.key) + 1; // "key":
          pending.push(property.value as AstNode);
        }
        break;
      }
      case 'array':
        bytes += 2 + Math.max(0, node.items.length - 1);
        for (const item of node.items) pending.push(item);
        break;
      case 'string':
        bytes += jsonStringBytes(node.value as string);
        break;
      default:
        bytes += JSON.stringify(node.value).length;
    }
  }
  return bytes;
}

/** UTF-8 bytes of JSON.stringify(value) for a string: quotes, escapes, the rest as UTF-8. */
function jsonStringBytes(value: string): number {
  let bytes = 2;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (
      code === 0x22 ||
      code === 0x5c ||
      code === 0x08 ||
      code === 0x0c ||
      code === 0x0a ||
      code === 0x0d ||
      code === 0x09
    )
      bytes += 2;
    else if (code < 0x20) bytes += 6;
    else if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(value.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff)
      bytes += 6; // a lone surrogate: \udxxx
    else bytes += 3;
  }
  return bytes;
}
