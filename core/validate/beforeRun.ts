// Validation before a run: every surface that runs a machine (execute()/startExecution(), `run`,
// `test`, `graph --input`, the debugger, pytest) refuses one AWS would reject, with the validator's
// error diagnostics. The verdict is remembered per definition (the same object, or the same text),
// so a suite or benchmark that runs one machine many times validates it once.

import { DefinitionError, type DefinitionDiagnostic } from '../errors';
import type { Diagnostic } from '../diagnostics';
import { isJsonObject, type JsonObject } from '../json';
import { nodeAtOffset, parseDocument, type ParsedDocument } from '../parse';
import { validateDocument } from './index';

/** Verdicts for definition objects (an object is read-only to executions once it has run). */
const objectVerdicts = new WeakMap<object, DefinitionDiagnostic[]>();
/** Verdicts for definition texts, by format then text; bounded. */
const textVerdicts = new Map<string, DefinitionDiagnostic[]>();
const MAX_TEXT_VERDICTS = 256;

/** Only errors stop a run: warnings (and hints) never do. */
function errorsOf(
  doc: ParsedDocument,
  diagnostics: Diagnostic[],
  file: string | undefined,
): DefinitionDiagnostic[] {
  const out: DefinitionDiagnostic[] = [];
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const at = doc.ast ? nodeAtOffset(doc.ast, d.offsets.start) : undefined;
    const path = at ? [...at.path, ...(at.inKey && at.property ? [at.property.key] : [])] : [];
    out.push(file === undefined ? { ...d, path } : { ...d, path, file });
  }
  return out;
}

function verdictOfText(
  text: string,
  fileName: string | undefined,
): { doc: ParsedDocument; errors: DefinitionDiagnostic[] } {
  const doc = parseDocument(text, { fileName });
  return { doc, errors: errorsOf(doc, validateDocument(doc), fileName) };
}

/**
 * The error diagnostics AWS would refuse the definition for (empty when it would accept it). Text
 * is parsed as JSON or YAML (by `fileName`, else by content); an object is checked as its JSON.
 * Remembered per object and per text.
 */
export function definitionErrors(
  definition: string | JsonObject,
  options: { fileName?: string } = {},
): DefinitionDiagnostic[] {
  if (typeof definition !== 'string') {
    let verdict = objectVerdicts.get(definition);
    if (verdict === undefined) {
      verdict = verdictOfText(JSON.stringify(definition, null, 2), undefined).errors;
      objectVerdicts.set(definition, verdict);
    }
    return verdict;
  }
  const key = `${options.fileName ?? ''}\u0000${definition}`;
  let verdict = textVerdicts.get(key);
  if (verdict === undefined) {
    verdict = verdictOfText(definition, options.fileName).errors;
    if (textVerdicts.size >= MAX_TEXT_VERDICTS) textVerdicts.clear();
    textVerdicts.set(key, verdict);
  }
  return verdict;
}

/** Records the verdict of a definition object parsed from a checked text (internal: the test-file loader). */
export function rememberVerdict(definition: JsonObject, errors: DefinitionDiagnostic[]): void {
  objectVerdicts.set(definition, errors);
}

/** Throws DefinitionError when AWS would reject the definition. */
export function assertRunnable(definition: string | JsonObject, options: { fileName?: string } = {}): void {
  const errors = definitionErrors(definition, options);
  if (errors.length === 0) return;
  const syntax = errors.some((d) => /^ASL00\d$/.test(d.code));
  throw new DefinitionError(errors, {
    file: options.fileName,
    code: syntax ? 'E_PARSE' : 'E_INVALID_DEFINITION',
  });
}

/**
 * Parses a definition file's text for a run. With `validate` (the default) every error diagnostic
 * refuses it; without, only a syntax error does. The object returned is remembered as checked, so
 * running it does not validate it again. Throws DefinitionError (E_PARSE for syntax errors).
 */
export function loadRunnableDefinition(
  text: string,
  fileName: string | undefined,
  options: { validate?: boolean } = {},
): JsonObject {
  const { doc, errors } =
    options.validate === false
      ? (() => {
          const parsed = parseDocument(text, { fileName });
          return { doc: parsed, errors: errorsOf(parsed, parsed.diagnostics, fileName) };
        })()
      : verdictOfText(text, fileName);
  const syntax = errors.filter((d) => /^ASL00\d$/.test(d.code));
  if (syntax.length > 0) throw new DefinitionError(syntax, { file: fileName, code: 'E_PARSE' });
  if (!isJsonObject(doc.value)) {
    throw new DefinitionError(errors, { file: fileName, code: 'E_PARSE' });
  }
  if (errors.length > 0 && options.validate !== false) throw new DefinitionError(errors, { file: fileName });
  if (options.validate !== false) objectVerdicts.set(doc.value, errors);
  return doc.value;
}
