// Publishes diagnostics: at once when a document opens, debounced while it changes, an empty list for
// documents that are not state machines and when a document closes. A template's diagnostics (and those of
// a definition file a template names) come from server/templates.ts, asynchronously: a result is sent only
// while its version is still the document's. Keeps the last core diagnostics of each document for code actions.
import type { Connection } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/diagnostics';
import type { ParsedDocument } from '../core/parse';
import { validateDocument } from '../core/validate';
import { toLspDiagnostic } from './convert';
import type { DocumentStore, OpenDocument } from './documents';
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
    /**
     * Diagnostics read through a template: a promise for a template or a definition file a template names
     * (resolving to undefined when none does), undefined for documents templates have nothing to say about.
     */
    private readonly fromTemplates?: (open: OpenDocument) => Promise<Diagnostic[] | undefined> | undefined,
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
      const fromTemplates = this.fromTemplates?.(open);
      if (fromTemplates) {
        void this.runThroughTemplates(open, fromTemplates);
        return;
      }
      this.publish(open, open.isStateMachine ? this.compute(open.parsed, uri) : []);
    } catch (error) {
      this.failed(uri, error);
    }
  }

  private async runThroughTemplates(
    open: OpenDocument,
    pending: Promise<Diagnostic[] | undefined>,
  ): Promise<void> {
    try {
      const found = await pending;
      // A newer version (or a close) came meanwhile: its own run publishes.
      if (this.store.documents.get(open.uri)?.version !== open.version) return;
      if (found === undefined) {
        this.publish(open, open.isStateMachine ? this.compute(open.parsed, open.uri) : []);
        return;
      }
      const extra = open.isStateMachine ? this.extra(open.parsed, open.uri) : [];
      this.publish(
        open,
        extra.length === 0 ? found : [...found, ...extra].sort((a, b) => a.offsets.start - b.offsets.start),
      );
    } catch (error) {
      this.failed(open.uri, error);
    }
  }

  private publish(open: OpenDocument, diagnostics: Diagnostic[]): void {
    this.latest.set(open.uri, { version: open.version, diagnostics });
    void this.send(open.uri, open.version, diagnostics);
  }

  private failed(uri: string, error: unknown): void {
    this.log.error(
      `stepthrough: validation of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }

  private async send(uri: string, version: number | undefined, diagnostics: Diagnostic[]): Promise<void> {
    try {
      await this.connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map(toLspDiagnostic) });
    } catch (error) {
      this.log.error(`stepthrough: publishing diagnostics for ${uri} failed: ${String(error)}`);
    }
  }
}
