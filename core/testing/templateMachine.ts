// A test file whose `stateMachine` names a machine in a SAM or CloudFormation template
// (`./template.yaml#OrderFlow`, or a template holding one machine): the template is read through the
// test file's own file access and resolved by core/templates before the (synchronous) loader runs,
// which then tests the resolved definition and knows the machine's functions (`handlers: auto`).
// A machine of the same template the selected one names by ARN is found too, as a child machine its
// `states:startExecution` Tasks may start. A minimal bridge: directories and CDK assemblies are not
// searched from a test file.

import { isJsonObject } from '../json';
import { looksLikeStateMachine } from '../model';
import { parseDocument } from '../parse';
import {
  loadStateMachines,
  splitSelector,
  type LoadResult as TemplateLoad,
  childMachinesNamedBy,
  type NamedChildMachine,
  type TemplateFileSystem,
} from '../templates';
import type { TestFileIO, TestFileReadKind } from './model';

/** A template the loader may use for the test file's `stateMachine`. */
export interface PreloadedTemplate {
  /** `stateMachine` exactly as the test file writes it. */
  reference: string;
  /** The template file, resolved against the test file. */
  file: string;
  result: TemplateLoad;
  /**
   * The template's other machines the selected one names by ARN (`!Ref ChildFlow` in its
   * DefinitionSubstitutions): the child machines its `states:startExecution` Tasks start, found without
   * `machines:`.
   */
  children?: NamedChildMachine[];
}

function readText(io: TestFileIO, path: string, kind: TestFileReadKind): string | undefined {
  try {
    return io.readFile(path, kind);
  } catch {
    return undefined;
  }
}

/** Template reading over the test file's IO (a missing file is ENOENT, anything else a read failure). */
function templateFileSystem(io: TestFileIO): TemplateFileSystem {
  return {
    readFile(path) {
      try {
        return { ok: true, text: io.readFile(path, 'template') };
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        const missing = code === 'ENOENT' || code === 'E_FILE_NOT_FOUND';
        return {
          ok: false,
          code: missing ? 'ENOENT' : 'EREAD',
          message: error instanceof Error ? error.message : String(error),
        };
      }
    },
    readDirectory: () => undefined,
  };
}

/**
 * Whether a `stateMachine` reference names a template rather than a definition file: a selector, or
 * `Resources` in what core/model's classifier does not take for a state machine.
 */
function namesTemplate(io: TestFileIO, file: string, reference: string): boolean {
  if (splitSelector(reference).selector !== undefined) return true;
  const text = readText(io, io.resolve(file, reference), 'template');
  if (text === undefined) return false;
  const doc = parseDocument(text, { fileName: reference });
  const value = doc.value;
  return isJsonObject(value) && isJsonObject(value.Resources) && !looksLikeStateMachine(doc);
}

/** The template the test file's `stateMachine` names, resolved; undefined when it names a definition. */
export async function preloadTemplate(file: string, io: TestFileIO): Promise<PreloadedTemplate | undefined> {
  const text = readText(io, file, 'test');
  if (text === undefined) return undefined;
  const value = parseDocument(text, { fileName: file }).value;
  const reference =
    isJsonObject(value) && typeof value.stateMachine === 'string' ? value.stateMachine : undefined;
  if (reference === undefined || !namesTemplate(io, file, reference)) return undefined;
  const { path, selector } = splitSelector(reference);
  const templateFile = io.resolve(file, path);
  const fileSystem = templateFileSystem(io);
  const result = await loadStateMachines(
    selector === undefined ? templateFile : `${templateFile}#${selector}`,
    { fileSystem },
  );
  const [selected] = result.machines;
  const children =
    result.machines.length === 1 && selected
      ? await childMachinesNamedBy(templateFile, selected, { fileSystem })
      : [];
  return { reference, file: templateFile, result, ...(children.length > 0 ? { children } : {}) };
}
