// Shards and worker hands: parsing `I/N`, a partition of the cases (every case in exactly one shard,
// sizes within one of each other), the same split whatever order the cases come in.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseKey, dealCases, parseShard, shardCases, type CaseRef } from './shard';

function suite(files: number, perFile: number): CaseRef[] {
  const out: CaseRef[] = [];
  for (let f = 0; f < files; f++)
    for (let c = 0; c < perFile; c++) out.push({ file: `dir/file-${f}.sfn-test.yaml`, caseIndex: c });
  return out;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

void describe('parseShard', () => {
  void it('reads I/N with 1 <= I <= N', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, total: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, total: 1 });
    assert.deepEqual(parseShard('4/4'), { index: 4, total: 4 });
  });
  void it('refuses anything else', () => {
    for (const text of ['0/4', '5/4', '2/0', '2', '2/4/1', '-1/4', '1.5/4', 'a/b', '', '2/ 4x']) {
      assert.equal(parseShard(text), undefined, text);
    }
  });
});

void describe('shardCases', () => {
  const cases = suite(7, 31); // 217 cases
  void it('partitions the cases: each exactly once across the shards, sizes within one', () => {
    for (const total of [1, 2, 3, 4, 7, 10]) {
      const shards = Array.from({ length: total }, (_, i) => shardCases(cases, { index: i + 1, total }));
      const keys = shards.flat().map(caseKey);
      assert.equal(keys.length, cases.length, `${total} shards`);
      assert.equal(new Set(keys).size, cases.length, `${total} shards: no case twice`);
      const sizes = shards.map((s) => s.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${total} shards: ${sizes.join(',')}`);
    }
  });
  void it('gives the same shard whatever order the cases are listed in', () => {
    for (const seed of [1, 2, 3]) {
      for (let index = 1; index <= 4; index++) {
        const reference = shardCases(cases, { index, total: 4 }).map(caseKey);
        assert.deepEqual(shardCases(shuffled(cases, seed), { index, total: 4 }).map(caseKey), reference);
      }
    }
  });
  void it('orders by code units, not locale: upper case before lower case', () => {
    const refs = [
      { file: 'b.yaml', caseIndex: 0 },
      { file: 'B.yaml', caseIndex: 0 },
      { file: 'a.yaml', caseIndex: 0 },
    ];
    assert.deepEqual(
      shardCases(refs, { index: 1, total: 3 }).map((r) => r.file),
      ['B.yaml'],
    );
    assert.deepEqual(
      shardCases(refs, { index: 2, total: 3 }).map((r) => r.file),
      ['a.yaml'],
    );
  });
  void it("orders a file's cases by index, numerically", () => {
    const refs = [2, 10, 1].map((caseIndex) => ({ file: 'f', caseIndex }));
    assert.deepEqual(
      dealCases(refs, 1)[0]?.map((r) => r.caseIndex),
      [1, 2, 10],
    );
  });
});

void describe('dealCases', () => {
  void it('deals every case to one hand, in turn', () => {
    const cases = suite(3, 5);
    const hands = dealCases(shuffled(cases, 9), 4);
    assert.equal(hands.length, 4);
    assert.deepEqual(hands.flat().map(caseKey).sort(), cases.map(caseKey).sort());
    assert.deepEqual(
      hands.map((h) => h.length),
      [4, 4, 4, 3],
    );
  });
  void it('gives empty hands when there are more hands than cases', () => {
    assert.deepEqual(
      dealCases(suite(1, 1), 3).map((h) => h.length),
      [1, 0, 0],
    );
  });
});
