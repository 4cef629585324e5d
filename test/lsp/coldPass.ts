// The cold validation pass for `npm run bench`: run in a fresh process (every module cache empty, the
// JSONata parse cache unfilled, nothing optimised yet), it loads one tool, validates the real-world
// corpus once and prints {"msPerDocument": ...}. Usage: node --import tsx coldPass.ts <tool>.
import { performance } from 'node:perf_hooks';
import { aslLanguageService, ours, type Checker } from './bench';
import { loadCorpus } from './corpus';

async function main(): Promise<void> {
  const tool = process.argv[2];
  const loaders: Record<string, () => Promise<Checker>> = {
    stepthrough: ours,
    'amazon-states-language-service': aslLanguageService,
  };
  const load = tool === undefined ? undefined : loaders[tool];
  if (!load) throw new Error(`unknown tool '${String(tool)}': use ${Object.keys(loaders).join(' or ')}`);
  const { files, missing } = loadCorpus('real-world');
  if (missing) throw new Error(missing);
  const check = await load();
  const start = performance.now();
  for (const file of files) {
    try {
      await check(file);
    } catch {
      // A tool that throws on a document rejects it; the time still counts.
    }
  }
  process.stdout.write(JSON.stringify({ msPerDocument: (performance.now() - start) / files.length }));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
