// Where the debugged machine's states are written: the file the user sets breakpoints in and the stack
// frames point at. A definition file is its own source; a machine of a SAM/CloudFormation template
// (`template.yaml#OrderFlow`) is its resolved definition's model, whose source map leads back into the
// template (inline Definition) or the DefinitionUri file. Lines are turned into states and states into
// positions through core/model's `stateAtSourceLine` and `sourceRange`, never by reading the template here.

import {
  DefinitionError,
  definitionModel,
  definitionSourceOf,
  isTemplateDocument,
  loadRunnableDefinition,
  loadStateMachines,
  parseDocument,
  sourceRange,
  splitSelector,
  stateAtSourceLine,
  StepthroughError,
  type DefinitionModel,
  type JsonObject,
  type ParsedDocument,
  type StateLocation,
  type TemplateMachine,
} from '../core';
import type { Position } from '../core/diagnostics';
import { LineMap } from '../core/diagnostics';
import { type FileAccess, templateFileSystem } from '../host';

export interface DebuggedSource {
  /** The file holding the states (breakpoints bind there; frames point there). */
  file: string;
  model: DefinitionModel;
  /** The innermost state written on a zero-based line of `file`. */
  stateAtLine(line: number): StateLocation | undefined;
  /** Where the state's name is written in `file`; undefined when it is not written there. */
  namePosition(state: StateLocation): Position | undefined;
}

/** A definition file: its own document's lines and ranges. */
export function definitionFileSource(file: string, document: ParsedDocument): DebuggedSource {
  const model = definitionModel(document);
  return {
    file,
    model,
    stateAtLine: (line) => stateAtSourceLine(model, file, document.lines, line),
    namePosition: (state) => document.lines.positionAt(state.nameRange.start),
  };
}

/** A template's machine, with the text of the file its states are written in. */
function templateMachineSource(model: DefinitionModel, file: string, lines: LineMap): DebuggedSource {
  return {
    file,
    model,
    stateAtLine: (line) => stateAtSourceLine(model, file, lines, line),
    namePosition: (state) => {
      const written = sourceRange(model, state.nameRange);
      return written?.file === file ? lines.positionAt(written.start) : undefined;
    },
  };
}

/** True when `reference` names a template's machine: `file#Selector`, or a file that is a template. */
export function isTemplateReference(reference: string, text: string | undefined): boolean {
  const { selector } = splitSelector(reference);
  if (selector !== undefined) return true;
  return text !== undefined && isTemplateDocument(parseDocument(text, { fileName: reference }).ast);
}

export interface LoadedTemplateMachine {
  machine: TemplateMachine;
  definition: JsonObject;
  source: DebuggedSource;
}

/**
 * The machine `reference` (`template.yaml#LogicalId`, or a template with one machine) resolved, refused
 * like a definition file when AWS would reject it (unless `validate` is false). Throws StepthroughError.
 */
export async function loadTemplateMachine(
  files: FileAccess,
  reference: string,
  validate: boolean,
): Promise<LoadedTemplateMachine> {
  const { path, selector } = splitSelector(reference);
  const { machines, diagnostics } = await loadStateMachines(reference, {
    fileSystem: templateFileSystem(files),
  });
  const [machine] = machines;
  if (!machine || machines.length > 1) {
    const problem = diagnostics.find((d) => d.severity === 'error');
    throw new StepthroughError(
      'E_USAGE',
      machines.length > 1
        ? `'${path}' declares ${machines.length} state machines (${machines.map((m) => m.id).join(', ')}): say which one with '${path}#${machines[0]?.id ?? 'Id'}'.`
        : (problem?.message ??
            `No state machine ${selector === undefined ? '' : `'${selector}' `}in '${path}'.`),
      {
        location: { file: path },
        hint: 'Name the machine after a #: "definition": "template.yaml#OrderFlow".',
      },
    );
  }
  const unresolved = machine.diagnostics.find((d) => d.severity === 'error');
  const source = definitionSourceOf(machine);
  if (!source || machine.definitionText === undefined || unresolved) {
    const where = unresolved?.location;
    throw new StepthroughError(
      'E_INVALID_DEFINITION',
      `The definition of ${machine.id} in '${path}' did not resolve${unresolved ? `: ${unresolved.message}` : '.'}`,
      {
        location: where
          ? { file: where.file, line: where.range.start.line + 1, column: where.range.start.character + 1 }
          : { file: path },
        hint: '`stepthrough list` shows what the template declares.',
      },
    );
  }
  const model = definitionModel(source);
  const root = model.doc.ast ? sourceRange(model, model.doc.ast.range) : undefined;
  const file = root?.file ?? path;
  const text = files.readText(file, { kind: file === path ? 'template' : 'definition' });
  const lines = new LineMap(text);
  let definition: JsonObject;
  try {
    definition = loadRunnableDefinition(machine.definitionText, undefined, { validate });
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    // Each problem where the user wrote it: the template's (or the DefinitionUri file's) line.
    const placed = error.diagnostics.map((d) => {
      const written = sourceRange(model, d.offsets);
      if (!written?.file) return d;
      const other = written.file === file ? lines : undefined;
      return other
        ? {
            ...d,
            file: written.file,
            offsets: { start: written.start, end: written.end },
            range: other.rangeOf(written),
          }
        : d;
    });
    throw new DefinitionError(placed, {
      file,
      code: error.code === 'E_PARSE' ? 'E_PARSE' : 'E_INVALID_DEFINITION',
    });
  }
  return { machine, definition, source: templateMachineSource(model, file, lines) };
}
