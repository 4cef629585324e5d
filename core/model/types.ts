// The definition model's types: a definition's scopes (the top level, each Parallel branch, each Map
// processor), the states of each with their source ranges, and every transition field, read from one
// parsed source. Built by ./build.ts; everything above core/parse reads states through it.
import type { OffsetRange } from '../diagnostics';
import type { AstNode, AstObject, AstProperty, ParsedDocument } from '../parse';

export type QueryLanguage = 'JSONPath' | 'JSONata';

/**
 * Where a definition comes from: the one place a second source of definitions plugs in. A standalone
 * file is its parsed document; a state machine inside a SAM/CloudFormation/Terraform template is the
 * parsed text of its resolved definition plus a map from that text back into the template (core/templates'
 * `definitionSourceOf`).
 */
export interface DefinitionSource {
  /** The parsed definition: a definition file, or the text a template's definition resolved to. */
  readonly document: ParsedDocument;
  /** The file the document was read from, when there is one (a template's machine: its map says). */
  readonly file?: string;
  /** Absent when the document's ranges are those of the file the user edits. */
  readonly sourceMap?: SourceMap;
}

/** A range of a file the user edits. */
export interface SourceLocation {
  /** Undefined for text that came from no file (an editor buffer never saved, a value). */
  file: string | undefined;
  start: number;
  end: number;
}

/** How ranges of a resolved definition's text correspond to what the user's files say. */
export interface SourceMap {
  /** Where `range` of the definition text is written (the nearest mapped part); undefined when nowhere. */
  toSource(range: OffsetRange): SourceLocation | undefined;
  /** The definition text's offset for `offset` of `file`; undefined outside the definition. */
  fromSource(file: string, offset: number): number | undefined;
}

/** The scope kinds: the state machine's top level, a Parallel branch, a Map's ItemProcessor or Iterator. */
export type ScopeKind = 'top' | 'branch' | 'processor';

/** A set of states run together: the top level, a Parallel branch or a Map's ItemProcessor/Iterator. */
export interface ScopeModel {
  kind: ScopeKind;
  /** The object holding `StartAt` and `States`: the root, a branch object or a processor object. */
  container: AstObject;
  /** The path of `container` from the root, e.g. ['States', 'P', 'Branches', 0]. */
  path: (string | number)[];
  /** The Parallel or Map state owning the scope (undefined at the top level). */
  owner: StateLocation | undefined;
  parent: ScopeModel | undefined;
  /** The branch index for a Parallel branch, the key for a Map processor, undefined at the top level. */
  key: number | 'ItemProcessor' | 'Iterator' | undefined;
  /** How many scopes enclose this one (0 at the top level). */
  depth: number;
  /** The `States` property, when present. */
  statesProperty: AstProperty | undefined;
  /** True inside the ItemProcessor of a Distributed Map (at any depth): its states run as child executions. */
  distributed: boolean;
  /** In document order; a name repeated inside one `States` object (a syntax error) appears each time. */
  states: StateLocation[];
  /** State name → state, for the names in this scope (the first one when a name repeats). */
  byName: Map<string, StateLocation>;
  /** The scope's StartAt, then each state's transitions in document order. */
  transitions: TransitionRef[];
}

export interface StateLocation {
  name: string;
  /** The path of the state's object from the root, e.g. ['States','Work','Branches',0,'States','Inner']. */
  path: (string | number)[];
  /** The scope the state belongs to; its owner is the enclosing Parallel or Map state. */
  scope: ScopeModel;
  /** The `Type` when it is a string. */
  type: string | undefined;
  /** The state's property in its `States` object: the key is its name, the value its object. */
  property: AstProperty;
  nameRange: OffsetRange;
  /** The state's whole property, name through value. */
  range: OffsetRange;
  /** The state's object, or undefined when its value is not an object. */
  node: AstObject | undefined;
  /**
   * The effective query language: the state's own QueryLanguage, else the state machine's (AWS: states
   * inherit the top-level setting, not the enclosing Map's or Parallel's). Undefined when a value that
   * decides it is neither JSONPath nor JSONata.
   */
  queryLanguage: QueryLanguage | undefined;
  /** The scopes nested in this state: its Branches in order, then ItemProcessor, then Iterator. */
  scopes: ScopeModel[];
  /** The transitions leaving this state, in the order of `TransitionField`. */
  transitions: TransitionRef[];
}

/** The fields that name a state: StartAt, a state's Next and Default, a Choice rule's or a catcher's Next. */
export type TransitionField = 'StartAt' | 'Next' | 'Default' | 'ChoiceNext' | 'CatchNext';

/** One written transition field, whatever its type says (a Choice's Next is listed too). */
export interface TransitionRef {
  scope: ScopeModel;
  /** The state the transition leaves; undefined for StartAt. */
  from: StateLocation | undefined;
  field: TransitionField;
  /** The value naming the target (any JSON value: a non-string one names nothing). */
  node: AstNode;
  /** The target's name when `node` is a string. */
  target: string | undefined;
  /** For Choice rules and catchers: the entry (rule or catcher) holding the Next. */
  entry?: AstObject;
  /** For Choice rules and catchers: the entry's index in `Choices` or `Catch`. */
  index?: number;
}

/** The model of one definition. Plain data, built once per source and shared (read-only) by every consumer. */
export interface DefinitionModel {
  source: DefinitionSource;
  /** The parsed document (`source.document`). */
  doc: ParsedDocument;
  /** The definition object; undefined when the document's top level is not an object. */
  root: AstObject | undefined;
  /** The top-level QueryLanguage (JSONPath when absent); undefined when its value is not a language. */
  queryLanguage: QueryLanguage | undefined;
  /** Every scope, the top level first, each before the scopes nested in its states (document order). */
  scopes: ScopeModel[];
  /** Every state, nested ones included, in document order (a state before the states nested in it). */
  states: StateLocation[];
  /** Every transition, scope by scope in the order of `scopes`. */
  transitions: TransitionRef[];
}
