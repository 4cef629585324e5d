// Developer tool: runs the conformance cases and prints each mismatch compactly.
// Usage: node --import tsx test/conformance/report.ts [--jsonata|--jsonpath] [name-filter]

import { resolve } from 'node:path';
import { compareResult, isJsonPathOnlyCase, loadConformanceCases } from './compare';
import { runConformanceCase } from './runCase';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const filter = args.find((a) => !a.startsWith('--'));
  let cases = loadConformanceCases(resolve(__dirname, '../../../shared/conformance'));
  if (args.includes('--jsonpath')) cases = cases.filter((c) => isJsonPathOnlyCase(c));
  if (args.includes('--jsonata')) cases = cases.filter((c) => !isJsonPathOnlyCase(c));
  if (filter) cases = cases.filter((c) => c.name.includes(filter));
  let failed = 0;
  for (const c of cases) {
    const result = await runConformanceCase(c);
    const diffs = compareResult(c.expected, result, { definition: c.definition });
    if (diffs.length > 0) {
      failed++;
      console.log(`✗ ${c.name}\n    ${diffs.slice(0, 4).join('\n    ').slice(0, 1200)}`);
    }
  }
  console.log(`${cases.length - failed} passed, ${failed} failed`);
}

void main();
