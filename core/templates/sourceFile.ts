// A template file as read: its text, line table and a tree of values with source ranges. JSON and
// YAML share the AST of core/parse; CloudFormation's YAML short tags (!Ref, !GetAtt A.B, !Sub ...)
// become their long forms ({"Ref": ...}, {"Fn::GetAtt": [A, B]}, {"Fn::Sub": ...}) with the tag's range
// as the key's range, as the CloudFormation YAML loader does.

import { isAlias, isMap, isScalar, isSeq, parseDocument as parseYaml } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { LineMap, type OffsetRange } from '../diagnostics';
import type { AstArray, AstNode, AstObject, AstScalar } from '../parse';
import { parseDocument } from '../parse';
import { MAX_ALIAS_EXPANSION_NODES, MAX_NESTING_DEPTH } from '../parse';
import { TemplateCode } from './codes';
import { makeLocation } from './origin';
import type { TemplateDiagnostic, TemplateLocation } from './types';

export interface SourceFile {
  path: string;
  text: string;
  lines: LineMap;
  format: 'json' | 'yaml';
  ast: AstNode | undefined;
  diagnostics: TemplateDiagnostic[];
}

export function locate(file: SourceFile, range: OffsetRange): TemplateLocation {
  return makeLocation(file.path, range.start, range.end, file.lines);
}

export function fileDiagnostic(
  file: SourceFile,
  code: string,
  severity: TemplateDiagnostic['severity'],
  message: string,
  range: OffsetRange,
): TemplateDiagnostic {
  return { code, severity, message, location: locate(file, range) };
}

export function isYamlFileName(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Reads a JSON or YAML template (format by extension, else by its first character). Never throws. */
export function readSourceFile(path: string, text: string): SourceFile {
  const lines = new LineMap(text);
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const format: 'json' | 'yaml' =
    isYamlFileName(path) || !(trimmed.startsWith('{') || trimmed.startsWith('[')) ? 'yaml' : 'json';
  const file: SourceFile = { path, text, lines, format, ast: undefined, diagnostics: [] };
  if (format === 'json') {
    const doc = parseDocument(text, { format: 'json' });
    file.ast = doc.ast;
    for (const d of doc.diagnostics) {
      // Only syntax: whether the top level suits a template is the caller's question.
      if (d.severity !== 'error' || d.code !== 'ASL001') continue;
      file.diagnostics.push(fileDiagnostic(file, TemplateCode.syntax, 'error', d.message, d.offsets));
    }
    return file;
  }
  readYaml(file);
  return file;
}

const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
};

function parseYamlText(text: string): Document.Parsed {
  return parseYaml(text, { prettyErrors: false, uniqueKeys: false, version: '1.2', merge: true });
}

/**
 * Flow collections (`{ ... }` JSON inside YAML) whose lines sit left of their key are refused by
 * strict YAML and read by the YAML loaders of CloudFormation and the frameworks: such lines are
 * indented like the line before them, and the ranges mapped back to the text as written.
 */
function reindentFlowLines(
  text: string,
): { text: string; toOriginal: (offset: number) => number } | undefined {
  const insertions: { at: number; count: number }[] = [];
  let patched = text;
  for (let attempt = 0; attempt < 50; attempt++) {
    const document = parseYamlText(patched);
    const error = document.errors.find((e) => e.code === 'BAD_INDENT' && /^Flow /.test(e.message));
    if (!error) break;
    const lineStart = patched.lastIndexOf('\n', error.pos[0] - 1) + 1;
    let previous = patched.lastIndexOf('\n', lineStart - 2) + 1;
    while (previous > 0 && patched.slice(previous, patched.indexOf('\n', previous)).trim() === '')
      previous = patched.lastIndexOf('\n', previous - 2) + 1;
    const indentOf = (at: number): number => {
      let n = 0;
      while (patched[at + n] === ' ') n++;
      return n;
    };
    const count = indentOf(previous) - indentOf(lineStart);
    if (count <= 0) break;
    const original = toOriginalWith(insertions, lineStart);
    insertions.push({ at: original, count });
    insertions.sort((a, b) => a.at - b.at);
    patched = patched.slice(0, lineStart) + ' '.repeat(count) + patched.slice(lineStart);
  }
  if (insertions.length === 0) return undefined;
  return { text: patched, toOriginal: (offset) => toOriginalWith(insertions, offset) };
}

/** An offset of the patched text in the original: the spaces inserted before it taken away. */
function toOriginalWith(insertions: { at: number; count: number }[], offset: number): number {
  let shift = 0;
  for (const insertion of insertions) {
    const patchedAt = insertion.at + shift;
    if (offset < patchedAt) break;
    if (offset < patchedAt + insertion.count) return insertion.at;
    shift += insertion.count;
  }
  return offset - shift;
}

function remapRanges(node: AstNode | undefined, toOriginal: (offset: number) => number, depth = 0): void {
  if (!node || depth > MAX_NESTING_DEPTH + 1) return;
  node.range = { start: toOriginal(node.range.start), end: toOriginal(node.range.end) };
  if (node.kind === 'object')
    for (const property of node.properties) {
      property.keyRange = {
        start: toOriginal(property.keyRange.start),
        end: toOriginal(property.keyRange.end),
      };
      property.range = { start: toOriginal(property.range.start), end: toOriginal(property.range.end) };
      remapRanges(property.value, toOriginal, depth + 1);
    }
  else if (node.kind === 'array') for (const item of node.items) remapRanges(item, toOriginal, depth + 1);
}

function readYaml(file: SourceFile): void {
  let document: Document.Parsed;
  let reindented: ReturnType<typeof reindentFlowLines>;
  try {
    document = parseYamlText(file.text);
    if (document.errors.some((e) => e.code === 'BAD_INDENT' && /^Flow /.test(e.message))) {
      reindented = reindentFlowLines(file.text);
      if (reindented) document = parseYamlText(reindented.text);
    }
  } catch (error) {
    file.diagnostics.push(
      fileDiagnostic(file, TemplateCode.syntax, 'error', `The YAML parser failed: ${String(error)}`, {
        start: 0,
        end: 0,
      }),
    );
    return;
  }
  const builder = new TaggedYamlBuilder(reindented?.text ?? file.text, document, file);
  file.ast = builder.build(document.contents, undefined, 0);
  if (reindented) {
    remapRanges(file.ast, reindented.toOriginal);
    file.diagnostics.push(
      fileDiagnostic(
        file,
        TemplateCode.syntax,
        'warning',
        'A flow collection ({...} or [...]) has lines left of its key: strict YAML refuses this, CloudFormation reads it',
        { start: 0, end: 0 },
      ),
    );
  }
  // Strict YAML refuses some indentation that the YAML readers of CloudFormation and the frameworks
  // accept (a quoted scalar continued at its key's indentation): when a document still came out,
  // its errors are reported as warnings.
  const lenient = file.ast?.kind === 'object';
  // The parser's first complaints locate the problem; the rest are mostly its recovery.
  const shown = document.errors.slice(0, 3);
  for (const error of shown) {
    const message = error.message.split('\n')[0] ?? error.message;
    const at = reindented ? reindented.toOriginal(error.pos[0]) : error.pos[0];
    file.diagnostics.push(
      fileDiagnostic(
        file,
        TemplateCode.syntax,
        lenient ? 'warning' : 'error',
        lenient ? `${message} (strict YAML refuses this; it was read leniently)` : message,
        { start: at, end: at + 1 },
      ),
    );
  }
  if (document.errors.length > shown.length) {
    const last = file.diagnostics[file.diagnostics.length - 1];
    if (last) last.message += ` (and ${document.errors.length - shown.length} more YAML problems after it)`;
  }
}

class TaggedYamlBuilder {
  private budget = MAX_ALIAS_EXPANSION_NODES;
  private readonly building = new Set<unknown>();

  constructor(
    private readonly text: string,
    private readonly document: Document.Parsed,
    private readonly file: SourceFile,
  ) {}

  build(node: unknown, parent: AstNode | undefined, depth: number): AstNode | undefined {
    if (node === null || node === undefined) return undefined;
    if (--this.budget < 0 || depth > MAX_NESTING_DEPTH) {
      if (this.budget === -1 || depth === MAX_NESTING_DEPTH + 1)
        this.file.diagnostics.push(
          fileDiagnostic(
            this.file,
            TemplateCode.syntax,
            'error',
            'The template nests or aliases too deeply',
            {
              start: 0,
              end: 0,
            },
          ),
        );
      return undefined;
    }
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target || this.building.has(target)) return undefined;
      this.building.add(target);
      const built = this.build(target, parent, depth);
      this.building.delete(target);
      return built;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return undefined;
    const yamlNode = node as YamlNode;
    const range = rangeOf(yamlNode);
    const tag = yamlNode.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!'))
      return this.buildTagged(yamlNode, tag, range, parent, depth);
    return this.buildPlain(yamlNode, range, parent, depth);
  }

  private buildPlain(
    node: YamlNode,
    range: OffsetRange,
    parent: AstNode | undefined,
    depth: number,
  ): AstNode {
    if (isMap(node)) {
      const obj: AstObject = { kind: 'object', properties: [], range };
      if (parent) obj.parent = parent;
      for (const pair of node.items) {
        const key = pair.key;
        const keyText = isScalar(key) ? String(key.value) : '';
        const keyRange = isScalar(key) ? rangeOf(key) : { start: range.start, end: range.start };
        if (keyText === '<<' && isScalar(key) && key.type === 'PLAIN') continue; // merge keys handled by the library
        const value = this.build(pair.value, obj, depth + 1);
        obj.properties.push({
          key: keyText,
          keyRange,
          value,
          range: {
            start: keyRange.start,
            end: value ? Math.max(value.range.end, keyRange.end) : keyRange.end,
          },
        });
      }
      if (!node.flow && obj.properties.length > 0)
        obj.range.end = Math.max(
          range.start,
          obj.properties[obj.properties.length - 1]?.range.end ?? range.end,
        );
      return obj;
    }
    if (isSeq(node)) {
      const array: AstArray = { kind: 'array', items: [], range };
      if (parent) array.parent = parent;
      for (const item of node.items) {
        const built = this.build(item, array, depth + 1);
        if (built) array.items.push(built);
        else if (item === null || (isScalar(item) && item.value === null))
          array.items.push({ kind: 'null', value: null, range, parent: array });
      }
      if (!node.flow && array.items.length > 0)
        array.range.end = Math.max(range.start, array.items[array.items.length - 1]?.range.end ?? range.end);
      return array;
    }
    const scalar = node as unknown as { value: unknown; source?: string };
    const value = scalar.value;
    let out: AstScalar;
    if (typeof value === 'string') out = { kind: 'string', value, range };
    else if (typeof value === 'boolean') out = { kind: 'boolean', value, range };
    else if (typeof value === 'number' && Number.isFinite(value)) out = { kind: 'number', value, range };
    else if (typeof value === 'bigint') out = { kind: 'number', value: Number(value), range };
    else if (value === null || value === undefined) out = { kind: 'null', value: null, range };
    else out = { kind: 'string', value: this.text.slice(range.start, range.end), range };
    if (parent) out.parent = parent;
    return out;
  }

  /** `!Tag value` → `{ "Fn::Tag": value }` (`!Ref`/`!Condition` keep their names; `!GetAtt A.B` splits at the first dot). */
  private buildTagged(
    node: YamlNode,
    tag: string,
    range: OffsetRange,
    parent: AstNode | undefined,
    depth: number,
  ): AstNode {
    const name = SHORT_TAGS[tag] ?? `Fn::${tag.slice(1)}`;
    const tagStart = Math.max(0, this.text.lastIndexOf(tag, range.start));
    const keyRange = { start: tagStart, end: tagStart + tag.length };
    const obj: AstObject = { kind: 'object', properties: [], range: { start: tagStart, end: range.end } };
    if (parent) obj.parent = parent;
    let value: AstNode;
    const plain = this.buildPlain(node, range, obj, depth + 1);
    if (name === 'Fn::GetAtt' && plain.kind === 'string') {
      const text = String(plain.value);
      const dot = text.indexOf('.');
      const array: AstArray = { kind: 'array', items: [], range, parent: obj };
      const first = dot < 0 ? text : text.slice(0, dot);
      array.items.push({
        kind: 'string',
        value: first,
        range: { start: range.start, end: range.start + first.length },
        parent: array,
      });
      if (dot >= 0)
        array.items.push({
          kind: 'string',
          value: text.slice(dot + 1),
          range: { start: range.start + dot + 1, end: range.end },
          parent: array,
        });
      value = array;
    } else {
      value = plain;
      value.parent = obj;
    }
    obj.properties.push({ key: name, keyRange, value, range: obj.range });
    return obj;
  }
}

function rangeOf(node: YamlNode): OffsetRange {
  const range = node.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}
