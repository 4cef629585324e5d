// Splitting a suite across machines (`stepthrough test --shard 2/4`, for a CI matrix) and across
// worker threads on one machine (`--workers N`).
//
// Shards: every case has a key — its test file's path as the caller names it (the CLI: relative to
// the working directory, with '/' separators, so the same checkout gives the same keys on every
// machine) and its index in the file. Keys are sorted by plain code-unit comparison (no locale),
// and the case at sorted position p goes to shard (p mod total) + 1: deterministic, balanced to one
// case, and the shards partition the suite — every case in exactly one of them, whatever order the
// files were found or named in.

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export interface CaseRef {
  /** The test file as the caller keys it. */
  file: string;
  /** The case's index in its file. */
  caseIndex: number;
}

/** `2/4` as a shard, or undefined when the text is not `index/total` with 1 <= index <= total. */
export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(total) || total < 1 || index < 1 || index > total)
    return undefined;
  return { index, total };
}

function compareRefs(a: CaseRef, b: CaseRef): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.caseIndex - b.caseIndex;
}

/** The cases of `shard`, in key order. */
export function shardCases<T extends CaseRef>(cases: readonly T[], shard: Shard): T[] {
  return [...cases].sort(compareRefs).filter((_, position) => position % shard.total === shard.index - 1);
}

/** `cases` dealt to `count` workers in turn, in key order (each worker's list may be empty). */
export function dealCases<T extends CaseRef>(cases: readonly T[], count: number): T[][] {
  const hands: T[][] = Array.from({ length: Math.max(1, count) }, () => []);
  [...cases].sort(compareRefs).forEach((ref, position) => hands[position % hands.length]?.push(ref));
  return hands;
}

/** A set key for a case reference. */
export function caseKey(ref: CaseRef): string {
  return `${ref.file}\u0000${ref.caseIndex}`;
}
