// Public API of the ASL validator: parse a definition (JSON or YAML) and run every check, returning
// diagnostics with stable codes, exact ranges and messages that say how to fix each problem. Never throws.
import { type Diagnostic, LineMap, makeDiagnostic } from '../diagnostics';
import { type DefinitionModel, definitionModel, isStateMachine, uncachedDefinitionModel } from '../model';
import { type DocumentFormat, type ParsedDocument, parseDocument } from '../parse';
import { DIAGNOSTIC_CODES } from './codes';
import { ValidationContext } from './context';
import { checkScope } from './machine';
import { checkDefinitionSize } from './size';
import { checkState } from './states';
import { checkTransitions } from './transitions';
import { checkVariableReads } from './variables';

export { DIAGNOSTIC_CODES, type DiagnosticCode, type DiagnosticCodeInfo } from './codes';
export { STATE_FIELDS, STATE_TYPES, fieldsForState, type FieldSpec, type FieldTable } from './fields';
export {
  checkJsonataSyntax,
  jsonataVariables,
  type JsonataSyntaxError,
  type JsonataVariable,
} from './jsonata';
export { closestMatch } from './suggest';

export interface ValidateOptions {
  /** Picks JSON or YAML (`.yaml`/`.yml`) and whether the file is an ASL file (`*.asl.json`, `*.asl.yaml`...). */
  fileName?: string;
  /** Overrides the format the file name or the text suggests. */
  format?: DocumentFormat;
  /**
   * The caller names the text as a state machine (a file given to a command): it is validated whatever it
   * holds. Without it, a file whose name is given gets only its syntax diagnostics unless it is a state
   * machine by core/model's rule (an ASL file name, or content that looks like a definition). Without a
   * file name the text is always validated.
   */
  force?: boolean;
}

/** Parses and validates a definition; the parser's diagnostics come first, then the checks', by position. */
export function validate(text: string, options: ValidateOptions = {}): Diagnostic[] {
  let doc: ParsedDocument;
  try {
    doc = parseDocument(text, { fileName: options.fileName, format: options.format });
  } catch (error) {
    return [internalError(text, error)];
  }
  const named = options.force === true || options.fileName === undefined;
  if (!isStateMachine(doc, { fileName: options.fileName, named })) return doc.diagnostics;
  // The document lives only for this call: its model is not cached.
  return diagnosticsOf(doc, uncachedDefinitionModel);
}

/**
 * Every diagnostic of an already parsed document: its syntax diagnostics, then the validator's. The
 * document's model is cached for the features that read it next (the language server's).
 */
export function validateDocument(doc: ParsedDocument): Diagnostic[] {
  return diagnosticsOf(doc, definitionModel);
}

function diagnosticsOf(doc: ParsedDocument, modelOf: (doc: ParsedDocument) => DefinitionModel): Diagnostic[] {
  const found = [...doc.diagnostics];
  try {
    found.push(...runChecks(doc, modelOf(doc)));
  } catch (error) {
    found.push(internalError(doc.text, error));
  }
  return found;
}

function runChecks(doc: ParsedDocument, model: DefinitionModel): Diagnostic[] {
  if (!model.root) return [];
  const ctx = new ValidationContext(doc, model.queryLanguage);
  for (const scope of model.scopes) {
    checkScope(ctx, scope);
    for (const state of scope.states) checkState(ctx, state);
  }
  checkTransitions(ctx, model);
  checkVariableReads(ctx);
  checkDefinitionSize(ctx);
  return ctx.finish().sort(byPosition);
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.offsets.start - b.offsets.start || a.offsets.end - b.offsets.end;
}

function internalError(text: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  const { severity } = DIAGNOSTIC_CODES.ASL000;
  return makeDiagnostic(
    new LineMap(text),
    'ASL000',
    severity,
    `The validator failed on this document (${reason}); please report it`,
    { start: 0, end: 0 },
  );
}
