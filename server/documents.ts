// The open documents and their parsed form, parsed once per version, and which ones are state machines
// (core/model's rule: ASL language ids and file names, or content that looks like a definition).
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatForLanguage, isStateMachine } from '../core/model';
import { type ParsedDocument, parseDocument } from '../core/parse';

export interface OpenDocument {
  uri: string;
  version: number;
  languageId: string;
  parsed: ParsedDocument;
  /** False for JSON/YAML files that are not state machines: they get no diagnostics or features. */
  isStateMachine: boolean;
}

/** The file name in a URI (for format detection), decoded. */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, OpenDocument>();
  /** Documents seen as state machines stay so while open, even when an edit removes StartAt for a moment. */
  private readonly recognised = new Set<string>();

  /** The parsed document for an open URI (parsed at most once per version), or undefined when not open. */
  get(uri: string): OpenDocument | undefined {
    const text = this.documents.get(uri);
    if (!text) {
      this.cache.delete(uri);
      return undefined;
    }
    const cached = this.cache.get(uri);
    if (cached && cached.version === text.version) return cached;
    const fileName = fileNameOf(uri);
    const parsed = parseDocument(text.getText(), {
      fileName,
      format: formatForLanguage(text.languageId, fileName),
    });
    const recognised =
      this.recognised.has(uri) || isStateMachine(parsed, { fileName, languageId: text.languageId });
    if (recognised) this.recognised.add(uri);
    const open: OpenDocument = {
      uri,
      version: text.version,
      languageId: text.languageId,
      parsed,
      isStateMachine: recognised,
    };
    this.cache.set(uri, open);
    return open;
  }

  /** The parsed state machine, or undefined for closed documents and other files. */
  stateMachine(uri: string): ParsedDocument | undefined {
    const open = this.get(uri);
    return open?.isStateMachine ? open.parsed : undefined;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.recognised.delete(uri);
  }
}
