// Merging the results of one suite run in parts (worker threads, each running some of the cases):
// the cases go back into their files in the order the files list them, coverage hits are summed per
// state machine, and the totals follow — the same result a single run of all the cases gives, but
// for durations.

import { coverageReport, machineCoverageOf, type MachineCoverage } from './coverage';
import type { CaseResult, FileResult } from './model';
import { suiteTotals, type SuiteResult } from './runner';

function sumHits<T extends { hits: number }>(lists: T[][]): T[] {
  const [first = []] = lists;
  return first.map((item, index) => ({
    ...item,
    hits: lists.reduce((sum, list) => sum + (list[index]?.hits ?? 0), 0),
  }));
}

/**
 * Merges parts of one run. Every part must have loaded the same files in the same order (each
 * runs a different selection of their cases); `caseOrder` gives each case's index in its file.
 */
export function mergeSuiteResults(
  parts: readonly SuiteResult[],
  caseOrder: (result: CaseResult) => number,
  durationMs: number,
): SuiteResult {
  const [first] = parts;
  if (!first) throw new Error('mergeSuiteResults needs at least one part');
  const files: FileResult[] = first.files.map((file, index) => {
    if (file.problems) return file;
    const cases = parts
      .flatMap((part) => part.files[index]?.cases ?? [])
      .sort((a, b) => caseOrder(a) - caseOrder(b));
    return { ...file, cases };
  });
  const byMachine = new Map<string, MachineCoverage[]>();
  for (const part of parts) {
    for (const machine of part.coverage.machines)
      byMachine.set(machine.machineFile, [...(byMachine.get(machine.machineFile) ?? []), machine]);
  }
  // In the order a single run lists them (SuiteCoverage): the machines under test by the first file, in
  // file order, that ran a case of it; then the child machines those files map, by file name.
  const order: string[] = [];
  for (const file of files) {
    if (file.machineFile !== undefined && file.cases.length > 0 && !order.includes(file.machineFile))
      order.push(file.machineFile);
  }
  const underTest = new Set(order);
  const children = new Set<string>();
  for (const part of parts)
    for (const machine of part.coverage.machines)
      if (!underTest.has(machine.machineFile)) children.add(machine.machineFile);
  order.push(...[...children].sort());
  const machines = order.flatMap((machineFile) => {
    const list = byMachine.get(machineFile) ?? [];
    if (list.length === 0) return [];
    return [
      machineCoverageOf(
        machineFile,
        sumHits(list.map((m) => m.states)),
        sumHits(list.map((m) => m.transitions)),
        sumHits(list.map((m) => m.retriers)),
        list[0]?.sourceFile,
      ),
    ];
  });
  return { files, totals: suiteTotals(files), durationMs, coverage: coverageReport(machines) };
}
