// The StringMatches operator: a whole-string match where `*` stands for any run of characters (including
// none and including line breaks), `\*` is a literal asterisk and `\\` a literal backslash.

/** One piece of a compiled pattern: literal text, or a wildcard. */
export type PatternToken = { kind: 'literal'; text: string } | { kind: 'wildcard' };

/**
 * Splits a StringMatches pattern into literal runs and wildcards. Consecutive wildcards collapse into one.
 * A backslash escapes only `*` and `\`; before any other character (or at the end) it is itself literal.
 */
export function compileStringPattern(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  let literal = '';
  const flushLiteral = (): void => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === '*' || next === '\\') {
        literal += next;
        i++;
      } else {
        literal += ch;
      }
    } else if (ch === '*') {
      flushLiteral();
      if (tokens[tokens.length - 1]?.kind !== 'wildcard') tokens.push({ kind: 'wildcard' });
    } else {
      literal += ch;
    }
  }
  flushLiteral();
  return tokens;
}

/**
 * Whether `value` matches the whole pattern. Runs in O(value × pattern) at worst: each literal run after a
 * wildcard is placed at its earliest position, which is always safe for patterns that only have `*`.
 */
export function stringMatches(value: string, pattern: string): boolean {
  const tokens = compileStringPattern(pattern);
  if (tokens.length === 0) return value === '';
  const first = tokens[0] as PatternToken;
  const last = tokens[tokens.length - 1] as PatternToken;
  // No wildcard at all: plain equality.
  if (tokens.length === 1 && first.kind === 'literal') return value === first.text;

  let start = 0;
  let end = value.length;
  let from = 0;
  let to = tokens.length;
  // Anchor the leading literal to the start and the trailing literal to the end.
  if (first.kind === 'literal') {
    if (!value.startsWith(first.text)) return false;
    start = first.text.length;
    from = 1;
  }
  if (last.kind === 'literal') {
    if (end - last.text.length < start || !value.endsWith(last.text)) return false;
    end -= last.text.length;
    to -= 1;
  }
  // Everything between is `*lit*lit*...*`: find each literal greedily from the left.
  let position = start;
  for (let i = from; i < to; i++) {
    const token = tokens[i] as PatternToken;
    if (token.kind === 'wildcard') continue;
    const found = value.indexOf(token.text, position);
    if (found < 0 || found + token.text.length > end) return false;
    position = found + token.text.length;
  }
  return true;
}
