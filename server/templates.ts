// State machines inside the templates the editor has open (SAM, CloudFormation, serverless.yml), and
// definition files a template names through DefinitionUri. The template is read by core/templates
// (`loadStateMachines`) over a file system that serves open documents' current text and reads every
// other file through host/ FileAccess; each machine's resolved definition enters the definition model
// through `definitionSourceOf`, and positions leave it through `sourceRange` into the file the user edits.
// Loaded once per document version; every failure becomes no result (logged), never an exception.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { type Diagnostic, LineMap } from '../core/diagnostics';
import { type DefinitionModel, definitionModel, sourceRange, type StateLocation } from '../core/model';
import { stateAtSourceLine } from '../core/model';
import {
  type FileReadResult,
  type LoadResult,
  type TemplateDiagnostic,
  type TemplateFileSystem,
  type TemplateMachine,
  definitionSourceOf,
  loadStateMachines,
} from '../core/templates';
import { validateDocument } from '../core/validate';
import { type FileAccess, templateFileSystem } from '../host';
import type { DocumentStore, OpenDocument } from './documents';
import type { ErrorLog } from './safety';

/** A machine of a template, with the model of its resolved definition (undefined when it did not resolve). */
export interface LoadedMachine {
  machine: TemplateMachine;
  model: DefinitionModel | undefined;
}

/** A template (or a definition file) as loaded for one version of an open document. */
export interface LoadedTemplate {
  /** The file path the document stands for. */
  file: string;
  /** Line table of the document's current text. */
  lines: LineMap;
  machines: LoadedMachine[];
}

/** The file path an open document's URI stands for; a non-file URI gets a stable path of its own. */
export function pathOfUri(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // Falls through to the synthetic path.
    }
  }
  return `/.stepthrough-unsaved/${encodeURIComponent(uri)}`;
}

/** Files a definition file's template may be: looked for in its folder and the folders above it. */
const TEMPLATE_NAME = /\.(ya?ml|json|template)$/i;
const TEMPLATE_MARKER = /AWS::(Serverless|StepFunctions)::StateMachine|stepFunctions/;
const MAX_PARENT_FOLDERS = 6;

function toDiagnostic(lines: LineMap, d: TemplateDiagnostic, start: number, end: number): Diagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    offsets: { start, end },
    range: lines.rangeOf({ start, end }),
  };
}

export class TemplateDocuments {
  private readonly loaded = new Map<string, { version: number; result: Promise<LoadedTemplate> }>();
  /** Per definition file: the templates that name it (found once per open document, dropped on file events). */
  private readonly owners = new Map<string, Promise<string[]>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly files: FileAccess,
    private readonly log: ErrorLog,
  ) {}

  /** Open documents' text first (what the user sees, saved or not), then the disk through FileAccess. */
  private fileSystem(): TemplateFileSystem {
    const disk = templateFileSystem(this.files);
    const openTexts = new Map<string, string>();
    for (const document of this.store.documents.all())
      openTexts.set(pathOfUri(document.uri), document.getText());
    return {
      readFile: (path): FileReadResult | Promise<FileReadResult> => {
        const text = openTexts.get(path);
        return text === undefined ? disk.readFile(path) : { ok: true, text };
      },
      readDirectory: (path) => disk.readDirectory(path),
    };
  }

  /** The machines of an open template, loaded once per version. */
  template(open: OpenDocument): Promise<LoadedTemplate> {
    const cached = this.loaded.get(open.uri);
    if (cached?.version === open.version) return cached.result;
    const file = pathOfUri(open.uri);
    const result = this.load(file, file, open.parsed.lines);
    this.loaded.set(open.uri, { version: open.version, result });
    return result;
  }

  /** Loads `template` and keeps the machines whose definition is written in `file`. */
  private async load(template: string, file: string, lines: LineMap): Promise<LoadedTemplate> {
    let result: LoadResult;
    try {
      result = await loadStateMachines(template, { fileSystem: this.fileSystem() });
    } catch (error) {
      this.log.error(`stepthrough: reading the template ${template} failed: ${String(error)}`);
      return { file, lines, machines: [] };
    }
    const machines = result.machines
      .filter((m) => (template === file ? m.file === file : m.definitionLocation?.file === file))
      .map((machine) => {
        const source = definitionSourceOf(machine);
        return { machine, model: source && definitionModel(source) };
      });
    return { file, lines, machines };
  }

  /** A template's diagnostics: each machine's, and the validator's on its definition where it is written here. */
  async templateDiagnostics(open: OpenDocument): Promise<Diagnostic[]> {
    return this.diagnosticsIn(await this.template(open));
  }

  /**
   * A definition file's diagnostics when a template names it (DefinitionUri, DefinitionS3Location,
   * `${file(...)}`): the resolved definition validated with the template's substitutions, mapped back into
   * the file. Undefined when no template names it or its definition did not resolve (validate it as it is).
   */
  async definitionDiagnostics(open: OpenDocument): Promise<Diagnostic[] | undefined> {
    if (!open.uri.startsWith('file:')) return undefined;
    const file = pathOfUri(open.uri);
    for (const template of await this.templatesNaming(open.uri, file)) {
      const loaded = await this.load(template, file, open.parsed.lines);
      if (loaded.machines.some((m) => m.model !== undefined)) return this.diagnosticsIn(loaded);
    }
    return undefined;
  }

  private diagnosticsIn(loaded: LoadedTemplate): Diagnostic[] {
    const found: Diagnostic[] = [];
    const seen = new Set<string>();
    const add = (d: Diagnostic): void => {
      const key = `${d.code} ${d.offsets.start} ${d.offsets.end} ${d.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      found.push(d);
    };
    for (const { machine, model } of loaded.machines) {
      for (const d of machine.diagnostics) {
        if (d.location?.file === loaded.file)
          add(toDiagnostic(loaded.lines, d, d.location.start, d.location.end));
      }
      if (!model) continue;
      for (const d of validateDocument(model.doc)) {
        const written = sourceRange(model, d.offsets);
        if (written?.file !== loaded.file) continue;
        const offsets = { start: written.start, end: written.end };
        add({ ...d, offsets, range: loaded.lines.rangeOf(offsets) });
      }
    }
    return found.sort((a, b) => a.offsets.start - b.offsets.start || a.offsets.end - b.offsets.end);
  }

  /** The templates in the definition file's folder and the folders above it that name it. */
  private templatesNaming(uri: string, file: string): Promise<string[]> {
    let found = this.owners.get(uri);
    if (!found) {
      found = this.findTemplatesNaming(file).catch((error: unknown) => {
        this.log.error(`stepthrough: looking for templates naming ${file} failed: ${String(error)}`);
        return [];
      });
      this.owners.set(uri, found);
    }
    return found;
  }

  private async findTemplatesNaming(file: string): Promise<string[]> {
    const fileSystem = this.fileSystem();
    const owners: string[] = [];
    let folder = dirname(file);
    for (let depth = 0; depth < MAX_PARENT_FOLDERS; depth++) {
      const entries = (await fileSystem.readDirectory(folder)) ?? [];
      for (const entry of entries) {
        const candidate = join(folder, entry.name);
        if (entry.kind !== 'file' || candidate === file || !TEMPLATE_NAME.test(entry.name)) continue;
        const read = await fileSystem.readFile(candidate);
        if (!read.ok || !TEMPLATE_MARKER.test(read.text)) continue;
        const { machines } = await loadStateMachines(candidate, { fileSystem });
        if (machines.some((m) => m.definitionLocation?.file === file)) owners.push(candidate);
      }
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    return owners;
  }

  /** The machine of an open template with this id (the only one when no id is given). */
  async machine(
    open: OpenDocument,
    id: string | undefined,
  ): Promise<{ loaded: LoadedTemplate; machine: LoadedMachine } | undefined> {
    const loaded = await this.template(open);
    const machine =
      id === undefined
        ? loaded.machines.length === 1
          ? loaded.machines[0]
          : undefined
        : loaded.machines.find((m) => m.machine.id === id);
    return machine && { loaded, machine };
  }

  /** The innermost state of `machine` written on a line of the open template. */
  stateOnLine(loaded: LoadedTemplate, model: DefinitionModel, line: number): StateLocation | undefined {
    return stateAtSourceLine(model, loaded.file, loaded.lines, line);
  }

  /** Files changed on disk: templates may name other files now. */
  invalidate(): void {
    this.owners.clear();
    this.loaded.clear();
  }

  forget(uri: string): void {
    this.loaded.delete(uri);
    this.owners.delete(uri);
  }
}

/** The URI of a file path (for locations in other files). */
export function uriOfPath(path: string): string {
  return pathToFileURL(path).toString();
}
