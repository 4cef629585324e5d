// Publishes diagnostics: at once when a document opens, debounced while it changes, an empty list for
// documents that are not state machines and when a document closes. Keeps the last core diagnostics of each
// document for code actions.
import type { Connection } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/diagnostics';
import type { ParsedDocument } from '../core/parse';
import { validateDocument } from '../core/validate';
import { toLspDiagnostic } from './convert';
import type { DocumentStore } from './documents';
import type { ErrorLog } from './safety';

export const DEFAULT_DEBOUNCE_MS = 200;

interface Validated {
  version: number;
  diagnostics: Diagnostic[];
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly latest = new Map<string, Validated>();

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly log: ErrorLog,
    private readonly debounceMs: number,
    /** Diagnostics beyond the validator's (the role policy's warnings). */
    private readonly extra: (doc: ParsedDocument, uri: string) => Diagnostic[] = () => [],
  ) {}

  /** Validates every open document again (after a settings change). */
  republishAll(): void {
    for (const document of this.store.documents.all()) this.publishNow(document.uri);
  }

  private compute(doc: ParsedDocument, uri: string): Diagnostic[] {
    const found = validateDocument(doc);
    const extra = this.extra(doc, uri);
    if (extra.length === 0) return found;
    return [...found, ...extra].sort(
      (a, b) => a.offsets.start - b.offsets.start || a.offsets.end - b.offsets.end,
    );
  }

  /** Validates and publishes now (a newly opened document). */
  publishNow(uri: string): void {
    this.cancel(uri);
    this.run(uri);
  }

  /** Validates after the document has been quiet for the debounce delay. */
  schedule(uri: string): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.run(uri);
    }, this.debounceMs);
    this.timers.set(uri, timer);
  }

  /** A closed document: no pending work, and its diagnostics cleared in the editor. */
  clear(uri: string): void {
    this.cancel(uri);
    this.latest.delete(uri);
    void this.send(uri, undefined, []);
  }

  /** The core diagnostics of the document's current version (computed now if the debounce has not run). */
  diagnosticsFor(uri: string): Diagnostic[] {
    const open = this.store.get(uri);
    if (!open?.isStateMachine) return [];
    const known = this.latest.get(uri);
    if (known && known.version === open.version) return known.diagnostics;
    return this.compute(open.parsed, uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private run(uri: string): void {
    try {
      const open = this.store.get(uri);
      if (!open) return;
      const diagnostics = open.isStateMachine ? this.compute(open.parsed, uri) : [];
      this.latest.set(uri, { version: open.version, diagnostics });
      void this.send(uri, open.version, diagnostics);
    } catch (error) {
      this.log.error(
        `stepthrough: validation of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  private async send(uri: string, version: number | undefined, diagnostics: Diagnostic[]): Promise<void> {
    try {
      await this.connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map(toLspDiagnostic) });
    } catch (error) {
      this.log.error(`stepthrough: publishing diagnostics for ${uri} failed: ${String(error)}`);
    }
  }
}
