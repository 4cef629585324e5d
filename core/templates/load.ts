// loadStateMachines: finds the state machines in a template file or under a directory (SAM,
// CloudFormation, CDK cloud assemblies and synthesized templates, serverless.yml, Terraform modules),
// resolves each one, and picks one by selector (`template.yaml#OrderFlow`). Never throws: every
// problem is a located diagnostic.

import { propertyAt } from '../parse';
import { loadCdkAssembly, isCdkManifest } from './cdk/assembly';
import { TemplateCode } from './codes';
import { hasStateMachines, loadCloudFormationMachines } from './cloudformation/machines';
import { TemplateIO, isSourceFile } from './io';
import { basenamePath, joinPath, normalizePath } from './paths';
import { isServerlessConfig, loadServerlessMachines } from './serverless/machines';
import type { SourceFile } from './sourceFile';
import { splitSelector } from './selector';
import { DEFAULT_DEPLOYMENT } from './standins';
import { loadTerraformMachines } from './terraform/machines';
import type {
  DeploymentContext,
  LoadOptions,
  LoadResult,
  TemplateDiagnostic,
  TemplateMachine,
} from './types';

/** Folders never searched: dependencies, VCS data, build output that copies templates. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.terraform',
  '.aws-sam',
  '.serverless',
  '.venv',
  '__pycache__',
]);
const MAX_SCAN_DEPTH = 12;
const MAX_SCANNED_FILES = 5000;

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/i;
/** Text that only a template declaring a machine holds: a malformed file with it is worth reporting. */
const TEMPLATE_MARKER = /AWS::(Serverless|StepFunctions)::StateMachine|^stepFunctions:/m;

interface Loader {
  io: TemplateIO;
  context: DeploymentContext;
  machines: TemplateMachine[];
  diagnostics: TemplateDiagnostic[];
}

function pathDiagnostic(code: string, message: string, file?: string): TemplateDiagnostic {
  return {
    code,
    severity: 'error',
    message,
    location:
      file === undefined
        ? undefined
        : {
            file,
            start: 0,
            end: 0,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          },
  };
}

/**
 * Every state machine in a template file, a CDK cloud assembly, a Terraform module, or under a
 * directory. A `#selector` keeps the one machine it names. Never throws.
 */
export async function loadStateMachines(reference: string, options: LoadOptions): Promise<LoadResult> {
  const { path, selector } = splitSelector(reference);
  const loader: Loader = {
    io: new TemplateIO(options.fileSystem),
    context: { ...DEFAULT_DEPLOYMENT, ...options.context },
    machines: [],
    diagnostics: [],
  };
  try {
    await loadPath(loader, normalizePath(path));
  } catch (error) {
    // Nothing here is written to throw; if something does, report it instead of failing the caller.
    loader.diagnostics.push(
      pathDiagnostic(
        TemplateCode.unreadablePath,
        `Loading '${path}' failed: ${error instanceof Error ? error.message : String(error)}`,
        path,
      ),
    );
  }
  if (loader.machines.length === 0 && !loader.diagnostics.some((d) => d.severity === 'error')) {
    loader.diagnostics.push(
      pathDiagnostic(TemplateCode.noStateMachine, `No state machine found in '${path}'`, path),
    );
  }
  if (selector === undefined) return { machines: loader.machines, diagnostics: loader.diagnostics };
  return selectMachine(loader, selector, path);
}

/** Matches a machine by id, an alias (CDK construct path), or an address without its `[0]`. */
export function machineMatches(machine: TemplateMachine, selector: string): boolean {
  if (machine.id === selector || machine.aliases.includes(selector)) return true;
  return machine.id.replace(/\[\d+\]$/, '') === selector || machine.id.replace(/\[\d+\]/g, '') === selector;
}

function selectMachine(loader: Loader, selector: string, path: string): LoadResult {
  const matching = loader.machines.filter((m) => machineMatches(m, selector));
  if (matching.length === 1) return { machines: matching, diagnostics: loader.diagnostics };
  const known = loader.machines.map((m) => m.id).join(', ') || 'none';
  loader.diagnostics.push(
    pathDiagnostic(
      TemplateCode.selector,
      matching.length === 0
        ? `No state machine '${selector}' in '${path}' (found: ${known})`
        : `'${selector}' matches ${matching.length} state machines in '${path}': use the full id (${matching.map((m) => m.id).join(', ')})`,
      path,
    ),
  );
  return { machines: [], diagnostics: loader.diagnostics };
}

async function loadPath(loader: Loader, path: string): Promise<void> {
  const entries = await loader.io.readDirectory(path);
  if (entries) {
    await loadDirectory(loader, path);
    return;
  }
  const read = await loader.io.readText(path);
  if (!read.ok) {
    loader.diagnostics.push(
      pathDiagnostic(
        TemplateCode.unreadablePath,
        read.code === 'ENOENT' ? `'${path}' does not exist` : `'${path}' cannot be read: ${read.message}`,
        path,
      ),
    );
    return;
  }
  await loadFile(loader, path, true);
}

/** One file: a Terraform file (its module), a CDK manifest, a serverless config or a CloudFormation template. */
async function loadFile(loader: Loader, path: string, explicit: boolean): Promise<void> {
  if (/\.tf$/i.test(path)) {
    const found = await loadTerraformMachines(
      loader.io,
      [path.slice(0, Math.max(0, path.lastIndexOf('/'))) || '.'],
      loader.context,
    );
    const own = found.machines.filter((m) => m.file === path);
    loader.machines.push(...(own.length > 0 ? own : found.machines));
    loader.diagnostics.push(...found.diagnostics);
    return;
  }
  const source = await loader.io.readSource(path);
  if (!isSourceFile(source)) return;
  await loadSource(loader, source, explicit);
}

async function loadSource(loader: Loader, source: SourceFile, explicit: boolean): Promise<void> {
  const root = source.ast;
  if (source.diagnostics.length > 0 && (explicit || TEMPLATE_MARKER.test(source.text))) {
    loader.diagnostics.push(...source.diagnostics);
  }
  if (root?.kind !== 'object') return;
  if (isCdkManifest(source)) {
    const found = await loadCdkAssembly(loader.io, source, loader.context);
    loader.machines.push(...found.machines);
    loader.diagnostics.push(...found.diagnostics);
    return;
  }
  if (isServerlessConfig(source)) {
    const found = await loadServerlessMachines(loader.io, source, loader.context);
    loader.machines.push(...found.machines);
    loader.diagnostics.push(...found.diagnostics);
    return;
  }
  if (propertyAt(root, 'Resources') && hasStateMachines(root)) {
    loader.machines.push(
      ...(await loadCloudFormationMachines(source, { io: loader.io, context: loader.context })),
    );
  }
}

/** Every template under a directory; Terraform modules are evaluated from their root modules. */
async function loadDirectory(loader: Loader, root: string): Promise<void> {
  const files: string[] = [];
  const terraformDirectories: string[] = [];
  let budget = MAX_SCANNED_FILES;
  const walk = async (directory: string, depth: number): Promise<void> => {
    if (depth > MAX_SCAN_DEPTH || budget <= 0) return;
    const entries = await loader.io.readDirectory(directory);
    if (!entries) return;
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // A CDK cloud assembly is read through its manifest only.
    if (
      sorted.some((e) => e.kind === 'file' && e.name === 'manifest.json') &&
      sorted.some((e) => e.name.endsWith('.template.json'))
    ) {
      const manifest = await loader.io.readSource(joinPath(directory, 'manifest.json'));
      if (isSourceFile(manifest) && isCdkManifest(manifest)) {
        files.push(joinPath(directory, 'manifest.json'));
        return;
      }
    }
    let hasTerraform = false;
    for (const entry of sorted) {
      if (--budget <= 0) return;
      const full = joinPath(directory, entry.name);
      if (entry.kind === 'directory') {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, depth + 1);
      } else if (/\.tf$/i.test(entry.name)) hasTerraform = true;
      else if (TEMPLATE_EXTENSIONS.test(entry.name)) files.push(full);
    }
    if (hasTerraform) terraformDirectories.push(directory);
  };
  await walk(root, 0);
  for (const file of files) {
    const read = await loader.io.readText(file);
    // Cheap filter before parsing: only files that can declare a machine.
    if (!read.ok || !/StateMachine|stepFunctions|"artifacts"/.test(read.text)) continue;
    if (basenamePath(file) === 'manifest.json' || /StateMachine|stepFunctions/.test(read.text))
      await loadFile(loader, file, false);
  }
  if (terraformDirectories.length > 0) {
    const found = await loadTerraformMachines(loader.io, terraformDirectories, loader.context);
    loader.machines.push(...found.machines);
    loader.diagnostics.push(...found.diagnostics);
  }
}
