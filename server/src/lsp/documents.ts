// Open documents and what has been computed for them. Every result is keyed by
// the document version: a new version drops the old results, so nothing stale
// is ever served, and nothing is computed until a request needs it.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parse, LineIndex, type ParseResult } from '../syntax/index.js';
import { analyze, type Analysis } from '../analysis/index.js';
import { computeDiagnostics } from '../ide/diagnostics';
import type { Diagnostic } from '../ide/types';

export class DocumentState {
  private parsed: ParseResult | undefined;
  private analysed: Analysis | undefined;
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** Above the size limit: syntax only, no analysis kept in memory. */
    readonly large: boolean,
  ) {}

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  get parse(): ParseResult {
    if (this.analysed) return this.analysed.parse;
    if (this.parsed) return this.parsed;
    const p = parse(this.text);
    // A large file's tree is not kept: it is re-parsed on the rare request that needs it.
    if (!this.large) this.parsed = p;
    return p;
  }

  /** Undefined for large files, which get syntax-only features. */
  get analysis(): Analysis | undefined {
    if (this.large) return undefined;
    return (this.analysed ??= analyze(this.text, this.parse));
  }
}

export class DocumentCache {
  private states = new Map<string, DocumentState>();

  constructor(private maxFileSize: () => number) {}

  get(doc: TextDocument): DocumentState {
    const known = this.states.get(doc.uri);
    if (known && known.version === doc.version) return known;
    const text = doc.getText();
    const state = new DocumentState(doc.uri, doc.version, text, text.length > this.maxFileSize());
    this.states.set(doc.uri, state);
    return state;
  }

  forget(uri: string): void {
    this.states.delete(uri);
  }

  /** Settings changed (e.g. the size limit): everything is recomputed on demand. */
  clear(): void {
    this.states.clear();
  }
}

/** Everything reported on a document: syntax only for large files. Shared by the server and `check`. */
export function diagnosticsOf(s: DocumentState): Diagnostic[] {
  const a = s.analysis;
  if (a) return computeDiagnostics(a);
  return s.parse.errors.map((e) => ({ start: e.start, end: e.end, severity: 'error', code: e.code, message: e.message }));
}
