// Where the debugged machine's states are written: the file the user sets breakpoints in and the stack
// frames point at. A definition file is its own source; a machine of a SAM/CloudFormation template
// (`template.yaml#OrderFlow`) is its resolved definition's model, whose source map leads back into the
// template (inline Definition) or the DefinitionUri file; the template itself is read and checked by
// host/machineSource.ts, as for the CLI. Lines are turned into states and states into positions through
// core/model's `stateAtSourceLine` and `sourceRange`, never by reading the template here.

import {
  definitionModel,
  definitionSourceOf,
  sourceRange,
  stateAtSourceLine,
  StepthroughError,
  type DefinitionModel,
  type ParsedDocument,
  type StateLocation,
  type TemplateMachine,
} from '../core';
import type { Position } from '../core/diagnostics';
import { LineMap } from '../core/diagnostics';
import type { FileAccess } from '../host';

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

/**
 * Where a template's machine (read and checked by host/machineSource.ts, the one loader of the CLI and
 * the debugger) writes its states: the template for an inline Definition, else the DefinitionUri file.
 */
export function templateDebuggedSource(files: FileAccess, machine: TemplateMachine): DebuggedSource {
  const source = definitionSourceOf(machine);
  if (!source)
    throw new StepthroughError(
      'E_INVALID_TEMPLATE',
      `The definition of ${machine.id} could not be resolved.`,
      {
        location: { file: machine.file },
        hint: '`stepthrough list` shows what the template declares.',
      },
    );
  const model = definitionModel(source);
  const root = model.doc.ast ? sourceRange(model, model.doc.ast.range) : undefined;
  const file = root?.file ?? machine.file;
  const text = files.readText(file, { kind: file === machine.file ? 'template' : 'definition' });
  return templateMachineSource(model, file, new LineMap(text));
}
