// What a document is: whether it holds a state machine (one rule for the CLI, the language server, the
// extension and the library), how an editor's language id says to read it, and the state machine name
// a file gives a run.
//
// A document is a state machine when
//   1. the user named it as one: a file given to a command (`stepthrough validate x.json`) or a launch
//      configuration; it is then checked whatever it holds, so a broken definition never passes unseen;
//   2. its editor language is `asl` or `asl-yaml`, or its name is `*.asl.json|yaml|yml`;
//   3. its top level is an object that looks like a definition: it has both `StartAt` and `States`, or a
//      `States` object in which some member is an object with a `Type` (a machine still missing its
//      StartAt). A `States` key alone is not enough (`{"States": ["CA", "NY"]}` is not a state machine),
//      nor a `StartAt` alone.
import type { DocumentFormat, ParsedDocument } from '../parse';
import { propertyAt } from '../parse';

/** The language ids AWS Toolkit uses for state machines. */
export const ASL_LANGUAGE_IDS = { json: 'asl', yaml: 'asl-yaml' } as const;

/** What is known of a document besides its text. */
export interface DocumentFacts {
  /** Its file name or path. */
  fileName?: string;
  /** Its editor language id. */
  languageId?: string;
  /** The user named it as a state machine (a command's argument, a launch configuration). */
  named?: boolean;
}

/** Which rule makes a document a state machine (see the header). */
export type StateMachineEvidence = 'named' | 'language' | 'fileName' | 'content';

/** Why the document is a state machine, or undefined when it is not one. */
export function stateMachineEvidence(
  doc: ParsedDocument,
  facts: DocumentFacts = {},
): StateMachineEvidence | undefined {
  if (facts.named) return 'named';
  if (facts.languageId !== undefined && isAslLanguage(facts.languageId)) return 'language';
  if (facts.fileName !== undefined && isAslFileName(facts.fileName)) return 'fileName';
  return looksLikeStateMachine(doc) ? 'content' : undefined;
}

export function isStateMachine(doc: ParsedDocument, facts: DocumentFacts = {}): boolean {
  return stateMachineEvidence(doc, facts) !== undefined;
}

/** Rule 3: the top level has StartAt and States, or a States object holding something with a Type. */
export function looksLikeStateMachine(doc: ParsedDocument): boolean {
  const root = doc.ast;
  if (root?.kind !== 'object') return false;
  const states = propertyAt(root, 'States');
  if (!states) return false;
  if (propertyAt(root, 'StartAt')) return true;
  const members = states.value?.kind === 'object' ? states.value.properties : [];
  return members.some((member) => member.value?.kind === 'object' && propertyAt(member.value, 'Type'));
}

/** True for the language ids that are always state machines. */
export function isAslLanguage(languageId: string): boolean {
  return languageId === ASL_LANGUAGE_IDS.json || languageId === ASL_LANGUAGE_IDS.yaml;
}

/**
 * The format of an editor document from its language id (`asl`, `asl-yaml`, `json`, `yaml`...), falling back
 * to the file name; undefined lets the parser decide from the name and the text.
 */
export function formatForLanguage(languageId: string, fileName?: string): DocumentFormat | undefined {
  const id = languageId.toLowerCase();
  if (id === 'asl' || id === 'json' || id === 'jsonc') return 'json';
  if (id === 'asl-yaml' || id === 'yaml') return 'yaml';
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

/** `*.asl.json`, `*.asl.yaml`, `*.asl.yml` (the names AWS Toolkit treats as state machines). */
export function isAslFileName(fileName: string): boolean {
  return /\.asl\.(json|ya?ml)$/i.test(fileName);
}

/** `dir/order.asl.json` → `order`; `flow.yaml` → `flow` (either path separator). */
export function stateMachineNameOf(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return name.replace(/(\.asl)?\.(json|ya?ml)$/i, '');
}
