// Benchmark of the graph for `npm run bench`: model + layout and SVG rendering time of a generated
// 300-state machine (target: under 1 s together). One untimed run warms the JIT up (as an editor
// session is warm after the first picture); the result is the median of three timed runs.

import { performance } from 'node:perf_hooks';
import { buildGraphModel } from '../../core/graph/model';
import { layoutGraph } from '../../core/graph/layout';
import { renderSvg } from '../../webview/render/svg';
import { generatedMachine } from './generate';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
}

export async function benchGraph(): Promise<{ layoutMs: number; renderMs: number; states: number }> {
  const { definition, states } = generatedMachine(300);
  const layoutTimes: number[] = [];
  const renderTimes: number[] = [];
  for (let run = 0; run < 4; run++) {
    const layoutStart = performance.now();
    const layout = await layoutGraph(buildGraphModel(definition));
    const layoutMs = performance.now() - layoutStart;
    const renderStart = performance.now();
    const svg = renderSvg(layout);
    const renderMs = performance.now() - renderStart;
    if (!svg.includes('S0')) throw new Error('the benchmark picture lacks its first state');
    if (run === 0) continue;
    layoutTimes.push(layoutMs);
    renderTimes.push(renderMs);
  }
  return { layoutMs: median(layoutTimes), renderMs: median(renderTimes), states };
}

if (require.main === module) {
  benchGraph().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
