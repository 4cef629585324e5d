// `stepthrough graph`: draws a state machine as an SVG picture or a standalone HTML page, the same
// picture as the VS Code webview, optionally coloured with the path of a local run.

import { basename, extname, join } from 'node:path';
import {
  applySubstitutions,
  assertRunnable,
  execute,
  loadDefinition,
  StepthroughError,
  type JsonObject,
} from '../../core';
import { buildGraphModel } from '../../core/graph/model';
import { layoutGraph, type GraphLayout } from '../../core/graph/layout';
import { runOverlay, type GraphOverlay } from '../../core/graph/overlay';
import { exportCss, renderHtmlPage } from '../../webview/render/html';
import { renderSvg, type GraphTheme } from '../../webview/render/svg';
import type { FileAccess } from '../../host';
import { loadInput, loadMocks, loadSubstitutions } from '../runOptions';
import type { CommandContext } from '../context';
import {
  assertTemplateMachineRunnable,
  readMachineSource,
  templateDiagnosticLine,
  type MachineSource,
} from '../../host/machineSource';

export const GRAPH_USAGE = `Usage: stepthrough graph <file.asl.json|yaml | template.yaml[#Machine]> [options]

Draws the state machine: states by type, Map and Parallel as containers, Choice conditions and
caught errors on the edges. Give --input, --input-json or --mocks to run the machine locally and
colour the path the run took (visited, failed, caught and retried states).

Options:
  -o, --output FILE         write the picture to FILE (default: standard output)
  --format svg|html         svg (default) or a standalone html page; inferred from -o's extension
  --theme light|dark|high-contrast
                            colours of the picture (default light)
  --input FILE              run with this input (JSON or YAML file) and draw the path
  --input-json TEXT         run with this inline JSON input and draw the path
  --mocks FILE              mocked Task responses for that run: {"State": [{"Return": ...}]}
  --mock-config FILE        or an AWS Step Functions Local MockConfigFile ...
  --test-case NAME          ... and the test case in it to use
  --state-machine NAME      the state machine in the MockConfigFile (when it has several)
  --substitutions FILE      values for \${Placeholders} (DefinitionSubstitutions), drawn and run
  --no-validate             run even a machine AWS would reject (a run is refused otherwise)

A run is refused, as \`stepthrough run\` refuses it, when AWS would reject the machine; drawing it
alone never is.
`;

export type GraphFormat = 'svg' | 'html';
const THEMES: readonly GraphTheme[] = ['light', 'dark', 'high-contrast'];

function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

function formatOf(ctx: CommandContext, output: string | undefined): GraphFormat {
  const given = stringOption(ctx, 'format');
  if (given !== undefined) {
    if (given === 'svg' || given === 'html') return given;
    throw new StepthroughError('E_USAGE', `--format must be svg or html, got '${given}'.`);
  }
  const ext = output === undefined ? '' : extname(output).toLowerCase();
  return ext === '.html' || ext === '.htm' ? 'html' : 'svg';
}

function themeOf(ctx: CommandContext): GraphTheme {
  const given = stringOption(ctx, 'theme') ?? 'light';
  const theme = THEMES.find((t) => t === given);
  if (!theme)
    throw new StepthroughError('E_USAGE', `--theme must be one of ${THEMES.join(', ')}, got '${given}'.`);
  return theme;
}

/** The graph stylesheet, found next to the sources (tsx) or next to the bundle (dist/cli.js). */
export function readGraphCss(files: FileAccess): string {
  const candidates = [
    join(__dirname, '..', '..', 'webview', 'graph.css'),
    join(__dirname, '..', 'webview', 'graph.css'),
    join(__dirname, 'webview', 'graph.css'),
  ];
  const found = candidates.find((path) => files.stat(path)?.type === 'file');
  if (!found) {
    throw new StepthroughError(
      'E_INTERNAL',
      'The graph stylesheet webview/graph.css is missing from the installation.',
      {
        hint: `Looked in: ${candidates.join(', ')}. Reinstall stepthrough.`,
      },
    );
  }
  return files.readText(found, { kind: 'asset', what: 'graph stylesheet' });
}

/** Runs the machine when the user asked for a run overlay; undefined otherwise. */
async function overlayFromRun(
  ctx: CommandContext,
  source: MachineSource,
  definition: JsonObject,
  layout: GraphLayout,
): Promise<GraphOverlay | undefined> {
  const wantsRun = ['input', 'input-json', 'mocks'].some((name) => stringOption(ctx, name) !== undefined);
  if (!wantsRun) return undefined;
  // Refuse what AWS would refuse, as `run` does (the picture alone is drawn for any machine).
  if (ctx.values['no-validate'] !== true) {
    if (source.kind === 'definition') assertRunnable(source.text, { fileName: source.path });
    else assertTemplateMachineRunnable(ctx.files, source.machine);
  }
  const logicalIds = source.kind === 'template' ? source.machine.stateResources : undefined;
  const result = await execute(definition, {
    input: loadInput(ctx),
    mocks: loadMocks(ctx, definition, source.name, logicalIds),
    stateMachineName: source.name,
    ...(logicalIds ? { logicalIds } : {}),
    validate: false,
  });
  const detail =
    result.status === 'SUCCEEDED'
      ? ''
      : ` (${result.error ?? 'no error'}${result.cause ? `: ${result.cause}` : ''})`;
  ctx.stderr(`graph: run ${result.status}${detail}, ${result.states.length} state(s) entered`);
  return runOverlay(layout, result.events);
}

/** Draws `layout` as a complete SVG document or HTML page. */
export function renderGraphDocument(
  layout: GraphLayout,
  format: GraphFormat,
  options: { theme: GraphTheme; overlay?: GraphOverlay; title: string; css: string },
): string {
  if (format === 'html') return renderHtmlPage(layout, options);
  const svg = renderSvg(layout, {
    theme: options.theme,
    overlay: options.overlay,
    title: options.title,
    embeddedCss: exportCss(options.css, 'svg'),
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

export async function graphCommand(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0];
  if (!file)
    throw new StepthroughError('E_USAGE', 'missing the state machine file.', {
      hint: GRAPH_USAGE,
    });
  if (ctx.positionals.length > 1) {
    throw new StepthroughError('E_USAGE', `one file at a time, got ${ctx.positionals.length}.`, {
      hint: GRAPH_USAGE,
    });
  }
  const output = stringOption(ctx, 'output');
  const format = formatOf(ctx, output);
  const theme = themeOf(ctx);
  const source = await readMachineSource(ctx.files, file);
  for (const w of source.kind === 'template' ? source.warnings : [])
    ctx.stderr(`graph: warning: ${templateDiagnosticLine(w)}`);
  const substitutions = loadSubstitutions(ctx);
  const parsed =
    source.kind === 'definition'
      ? loadDefinition(source.text, file)
      : (source.machine.definition as JsonObject);
  const definition = substitutions ? (applySubstitutions(parsed, substitutions) as JsonObject) : parsed;
  const model = buildGraphModel(definition);
  for (const d of model.dangling) {
    const where = d.source.replace(/::start$/, '') || '(top level)';
    ctx.stderr(
      `graph: warning: ${where}: ${d.kind === 'start' ? 'StartAt' : d.kind} → '${d.target}' is not a state in its scope; not drawn.`,
    );
  }
  const layout = await layoutGraph(model);
  const overlay = await overlayFromRun(ctx, source, definition, layout);
  const document = renderGraphDocument(layout, format, {
    theme,
    overlay,
    title: source.kind === 'definition' ? basename(file) : `${basename(source.path)}#${source.machine.id}`,
    css: readGraphCss(ctx.files),
  });
  if (output === undefined) {
    ctx.stdout(document);
    return 0;
  }
  ctx.files.writeText(output, document, 'graph');
  const states = model.nodes.filter((n) => n.kind === 'state').length;
  ctx.stderr(`graph: wrote ${output} (${format}, ${states} state(s))`);
  return 0;
}
