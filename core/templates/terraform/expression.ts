// The HCL expression language, for the attribute expressions @cdktf/hcl2json hands back as text:
// a lexer and a recursive-descent parser for literals, templates ("a ${x} b", heredocs, %{if}/%{for}
// directives, $${ and %%{ escapes), tuples, objects, function calls, references with attribute,
// index and splat steps, unary/binary operators, conditionals and for expressions. Never throws:
// a syntax error is a located ParseFailure.

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; start: number; end: number }
  | { kind: 'template'; parts: TemplatePart[]; start: number; end: number }
  | { kind: 'tuple'; items: Expr[]; start: number; end: number }
  | { kind: 'object'; entries: { key: Expr; value: Expr }[]; start: number; end: number }
  | { kind: 'variable'; name: string; start: number; end: number }
  | { kind: 'attr'; target: Expr; name: string; start: number; end: number }
  | { kind: 'index'; target: Expr; index: Expr; start: number; end: number }
  | { kind: 'splat'; target: Expr; start: number; end: number }
  | { kind: 'call'; name: string; args: Expr[]; expand: boolean; start: number; end: number }
  | { kind: 'unary'; op: '!' | '-'; operand: Expr; start: number; end: number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; start: number; end: number }
  | { kind: 'conditional'; test: Expr; then: Expr; else: Expr; start: number; end: number }
  | {
      kind: 'for';
      keyVar: string | undefined;
      valueVar: string;
      collection: Expr;
      keyExpr: Expr | undefined;
      valueExpr: Expr;
      cond: Expr | undefined;
      grouping: boolean;
      object: boolean;
      start: number;
      end: number;
    };

export type TemplatePart =
  | { kind: 'text'; text: string; start: number; end: number }
  | { kind: 'interp'; expr: Expr; source: string; start: number; end: number }
  | { kind: 'if'; test: Expr; then: TemplatePart[]; else: TemplatePart[]; start: number; end: number }
  | {
      kind: 'for';
      keyVar: string | undefined;
      valueVar: string;
      collection: Expr;
      body: TemplatePart[];
      start: number;
      end: number;
    };

export class ParseFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const MAX_DEPTH = 200;

/** Parses a whole expression (`jsonencode({...})`, `var.x ? 1 : 0`...). */
export function parseExpression(text: string): Expr | ParseFailure {
  try {
    const parser = new Parser(text);
    const expr = parser.expression();
    parser.skipSpace();
    if (!parser.atEnd())
      return new ParseFailure(`unexpected '${text.slice(parser.pos, parser.pos + 10)}'`, parser.pos);
    return expr;
  } catch (error) {
    if (error instanceof ParseFailure) return error;
    return new ParseFailure(error instanceof Error ? error.message : String(error), 0);
  }
}

/**
 * Parses template text: with `quoted`, HCL string escapes (\n, \", \uXXXX) apply to the literal parts
 * (a quoted string's body); without, the text is raw (a heredoc, a template file, a JSON-syntax string).
 */
export function parseTemplate(text: string, quoted = false): TemplatePart[] | ParseFailure {
  try {
    const parser = new Parser(text);
    const parts = parser.templateParts(text.length, quoted, []);
    return parts;
  } catch (error) {
    if (error instanceof ParseFailure) return error;
    return new ParseFailure(error instanceof Error ? error.message : String(error), 0);
  }
}

const isIdentStart = (ch: string | undefined): boolean => !!ch && /[A-Za-z_]/.test(ch);
const isIdentChar = (ch: string | undefined): boolean => !!ch && /[A-Za-z0-9_-]/.test(ch);

class Parser {
  pos = 0;
  private depth = 0;

  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new ParseFailure(message, this.pos);
  }

  /** Skips whitespace, newlines and comments (#, //, /* *\/). */
  skipSpace(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') this.pos++;
      else if (ch === '#' || (ch === '/' && this.text[this.pos + 1] === '/')) {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end < 0 ? this.text.length : end + 1;
      } else if (ch === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
      } else return;
    }
  }

  private peek(token: string): boolean {
    this.skipSpace();
    return this.text.startsWith(token, this.pos);
  }

  private eat(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected '${token}'`);
  }

  private identifier(): string {
    this.skipSpace();
    const start = this.pos;
    if (!isIdentStart(this.text[this.pos])) this.fail('expected a name');
    while (isIdentChar(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  expression(): Expr {
    if (++this.depth > MAX_DEPTH) this.fail('expression nested too deeply');
    try {
      const start = this.pos;
      const test = this.binary(0);
      if (this.eat('?')) {
        const then = this.expression();
        this.expect(':');
        const otherwise = this.expression();
        return { kind: 'conditional', test, then, else: otherwise, start, end: this.pos };
      }
      return test;
    } finally {
      this.depth--;
    }
  }

  private static readonly LEVELS: string[][] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<=', '>=', '<', '>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    const start = this.pos;
    let left = this.binary(level + 1);
    for (;;) {
      this.skipSpace();
      const op = (Parser.LEVELS[level] ?? []).find(
        (candidate) =>
          this.text.startsWith(candidate, this.pos) &&
          !(candidate === '-' && this.text[this.pos + 1] === '>'),
      );
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right, start, end: this.pos };
    }
  }

  private unary(): Expr {
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === '!' || (ch === '-' && !/\d/.test(this.text[this.pos + 1] ?? ''))) {
      this.pos++;
      return { kind: 'unary', op: ch, operand: this.unary(), start, end: this.pos };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Expr): Expr {
    for (;;) {
      this.skipSpace();
      const start = target.start;
      if (this.text.startsWith('.*', this.pos) || this.text.startsWith('[*]', this.pos)) {
        this.pos += this.text[this.pos] === '.' ? 2 : 3;
        target = { kind: 'splat', target, start, end: this.pos };
      } else if (this.text[this.pos] === '.' && !/\d/.test(this.text[this.pos + 1] ?? 'x')) {
        this.pos++;
        target = { kind: 'attr', target, name: this.identifier(), start, end: this.pos };
      } else if (this.text[this.pos] === '.' && /\d/.test(this.text[this.pos + 1] ?? '')) {
        this.pos++;
        const digits = /^\d+/.exec(this.text.slice(this.pos))?.[0] ?? '0';
        this.pos += digits.length;
        target = {
          kind: 'index',
          target,
          index: { kind: 'literal', value: Number(digits), start, end: this.pos },
          start,
          end: this.pos,
        };
      } else if (this.text[this.pos] === '[' && target.kind !== 'literal') {
        this.pos++;
        const index = this.expression();
        this.expect(']');
        target = { kind: 'index', target, index, start, end: this.pos };
      } else return target;
    }
  }

  private primary(): Expr {
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === undefined) this.fail('unexpected end of expression');
    if (ch === '"') return this.quoted();
    if (ch === '<' && this.text.startsWith('<<', this.pos)) return this.heredoc();
    if (/\d/.test(ch) || (ch === '-' && /\d/.test(this.text[this.pos + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
      this.pos += match?.[0].length ?? 1;
      return { kind: 'literal', value: Number(match?.[0] ?? 0), start, end: this.pos };
    }
    if (ch === '(') {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (ch === '[') return this.tuple();
    if (ch === '{') return this.object();
    if (isIdentStart(ch)) {
      const name = this.identifier();
      if (name === 'true' || name === 'false')
        return { kind: 'literal', value: name === 'true', start, end: this.pos };
      if (name === 'null') return { kind: 'literal', value: null, start, end: this.pos };
      this.skipSpace();
      if (this.text[this.pos] === '(' || this.text.startsWith('::', this.pos)) {
        let fn = name;
        while (this.text.startsWith('::', this.pos)) {
          this.pos += 2;
          fn += `::${this.identifier()}`;
        }
        this.expect('(');
        const args: Expr[] = [];
        let expand = false;
        while (!this.eat(')')) {
          args.push(this.expression());
          if (this.eat('...')) expand = true;
          if (!this.eat(',') && !this.peek(')')) this.fail("expected ',' or ')' in the arguments");
        }
        return { kind: 'call', name: fn, args, expand, start, end: this.pos };
      }
      return { kind: 'variable', name, start, end: this.pos };
    }
    this.fail(`unexpected '${ch}'`);
  }

  private tuple(): Expr {
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.text.startsWith('for ', this.pos) || this.text.startsWith('for\t', this.pos))
      return this.forExpr(start, false);
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expression());
      if (!this.eat(',') && !this.peek(']')) this.fail("expected ',' or ']'");
    }
    return { kind: 'tuple', items, start, end: this.pos };
  }

  private object(): Expr {
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.text.startsWith('for ', this.pos) || this.text.startsWith('for\t', this.pos))
      return this.forExpr(start, true);
    const entries: { key: Expr; value: Expr }[] = [];
    while (!this.eat('}')) {
      this.skipSpace();
      const keyStart = this.pos;
      let key: Expr;
      if (isIdentStart(this.text[this.pos])) {
        // A bare name is the key itself, unless followed by more expression (`(var.k) = ...` needs parens).
        const name = this.identifier();
        key = { kind: 'literal', value: name, start: keyStart, end: this.pos };
      } else key = this.expression();
      if (!this.eat('=') && !this.eat(':')) this.fail("expected '=' or ':' after an object key");
      const value = this.expression();
      entries.push({ key, value });
      this.eat(',');
    }
    return { kind: 'object', entries, start, end: this.pos };
  }

  private forExpr(start: number, object: boolean): Expr {
    this.pos += 3;
    let valueVar = this.identifier();
    let keyVar: string | undefined;
    if (this.eat(',')) {
      keyVar = valueVar;
      valueVar = this.identifier();
    }
    if (this.identifier() !== 'in') this.fail("expected 'in'");
    const collection = this.expression();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valueExpr = this.expression();
    if (object) {
      this.expect('=>');
      keyExpr = valueExpr;
      valueExpr = this.expression();
    }
    const grouping = this.eat('...');
    let cond: Expr | undefined;
    this.skipSpace();
    if (this.text.startsWith('if', this.pos) && !isIdentChar(this.text[this.pos + 2])) {
      this.pos += 2;
      cond = this.expression();
    }
    this.expect(object ? '}' : ']');
    return {
      kind: 'for',
      keyVar,
      valueVar,
      collection,
      keyExpr,
      valueExpr,
      cond,
      grouping,
      object,
      start,
      end: this.pos,
    };
  }

  private quoted(): Expr {
    const start = this.pos;
    this.pos++;
    const end = this.findQuotedEnd(this.pos);
    const parts = this.templateParts(end, true, []);
    this.pos = end + 1;
    return { kind: 'template', parts, start, end: this.pos };
  }

  /** The closing quote of a quoted template starting at `from`, skipping escapes and `${...}`. */
  private findQuotedEnd(from: number): number {
    let pos = from;
    let depth = 0;
    while (pos < this.text.length) {
      const ch = this.text[pos];
      if (ch === '\\') pos += 2;
      else if (depth === 0 && ch === '"') return pos;
      else if ((ch === '$' || ch === '%') && this.text[pos + 1] === '{' && this.text[pos - 1] !== ch) {
        depth++;
        pos += 2;
      } else if (depth > 0 && ch === '"') {
        // A string inside an interpolation.
        pos = this.findQuotedEnd(pos + 1) + 1;
      } else if (depth > 0 && ch === '}') {
        depth--;
        pos++;
      } else pos++;
    }
    this.fail('unterminated string');
  }

  private heredoc(): Expr {
    const start = this.pos;
    const header = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(this.text.slice(this.pos));
    if (!header) this.fail('malformed heredoc');
    const strip = header[1] === '-';
    const marker = header[2] ?? '';
    const bodyStart = this.pos + header[0].length;
    const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, 'm');
    const rest = this.text.slice(bodyStart);
    const found = closing.exec(rest);
    if (!found) this.fail(`heredoc '${marker}' is not closed`);
    let body = rest.slice(0, found.index);
    this.pos = bodyStart + found.index + found[0].length;
    if (strip) {
      const lines = body.split('\n');
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
      const cut = indents.length > 0 ? Math.min(...indents) : 0;
      body = lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n');
    }
    const inner = new Parser(body);
    const parts = inner.templateParts(body.length, false, []);
    return { kind: 'template', parts: shiftParts(parts, strip ? -1 : bodyStart), start, end: this.pos };
  }

  /** Template parts up to `end`; `stop` names the directive keywords that end this block (else/endif/endfor). */
  templateParts(end: number, quoted: boolean, stop: string[]): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let text = '';
    let textStart = this.pos;
    const flush = (): void => {
      if (text !== '') parts.push({ kind: 'text', text, start: textStart, end: this.pos });
      text = '';
      textStart = this.pos;
    };
    while (this.pos < end) {
      const ch = this.text[this.pos];
      const next = this.text[this.pos + 1];
      if ((ch === '$' || ch === '%') && next === ch && this.text[this.pos + 2] === '{') {
        text += `${ch}{`;
        this.pos += 3;
      } else if (ch === '$' && next === '{') {
        flush();
        const start = this.pos;
        this.pos += 2;
        this.eat('~');
        const exprStart = this.pos;
        const expr = this.expression();
        const source = this.text.slice(exprStart, this.pos).trim();
        this.eat('~');
        this.expect('}');
        parts.push({ kind: 'interp', expr, source, start, end: this.pos });
        textStart = this.pos;
      } else if (ch === '%' && next === '{') {
        const save = this.pos;
        this.pos += 2;
        this.eat('~');
        const keyword = this.identifier();
        if (stop.includes(keyword)) {
          this.pos = save;
          flush();
          return parts;
        }
        flush();
        parts.push(this.directive(keyword, save, end, quoted));
        textStart = this.pos;
      } else if (quoted && ch === '\\') {
        text += unescape(this.text, this.pos);
        this.pos += escapeLength(this.text, this.pos);
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  private closeDirective(): void {
    this.eat('~');
    this.expect('}');
  }

  private directive(keyword: string, start: number, end: number, quoted: boolean): TemplatePart {
    if (keyword === 'if') {
      const test = this.expression();
      this.closeDirective();
      const then = this.templateParts(end, quoted, ['else', 'endif']);
      let otherwise: TemplatePart[] = [];
      this.pos += 2;
      this.eat('~');
      if (this.identifier() === 'else') {
        this.closeDirective();
        otherwise = this.templateParts(end, quoted, ['endif']);
        this.pos += 2;
        this.eat('~');
        this.identifier();
      }
      this.closeDirective();
      return { kind: 'if', test, then, else: otherwise, start, end: this.pos };
    }
    if (keyword === 'for') {
      let valueVar = this.identifier();
      let keyVar: string | undefined;
      if (this.eat(',')) {
        keyVar = valueVar;
        valueVar = this.identifier();
      }
      if (this.identifier() !== 'in') this.fail("expected 'in'");
      const collection = this.expression();
      this.closeDirective();
      const body = this.templateParts(end, quoted, ['endfor']);
      this.pos += 2;
      this.eat('~');
      this.identifier();
      this.closeDirective();
      return { kind: 'for', keyVar, valueVar, collection, body, start, end: this.pos };
    }
    this.fail(`unknown template directive '${keyword}'`);
  }
}

/** Offsets of a heredoc body's parts made absolute (or dropped to -1 when indentation was stripped). */
function shiftParts(parts: TemplatePart[], by: number): TemplatePart[] {
  if (by === 0) return parts;
  return parts.map((part) => ({
    ...part,
    start: by < 0 ? -1 : part.start + by,
    end: by < 0 ? -1 : part.end + by,
  }));
}

function escapeLength(text: string, pos: number): number {
  const next = text[pos + 1];
  if (next === 'u') return 6;
  if (next === 'U') return 10;
  return 2;
}

function unescape(text: string, pos: number): string {
  const next = text[pos + 1];
  switch (next) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '"':
      return '"';
    case '\\':
      return '\\';
    case 'u':
      return String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16) || 0);
    case 'U':
      return String.fromCodePoint(parseInt(text.slice(pos + 2, pos + 10), 16) || 0);
    default:
      return next ?? '';
  }
}
