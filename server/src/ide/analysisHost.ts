// The document pipeline behind one facade, as nil's `Analysis` or VS Code's
// `getLanguageService`: for each version of a document, its parse (updated in
// place from the previous version's tree when it can), its analysis (carried
// over when the edit allows), its line index and its diagnostics, each made
// on first use and kept with the version. The language server and `check`
// both go through here.
import { parse, reparseInPlace, changedSpan, LineIndex, type ParseResult, type Reparsed } from '../syntax/index.js';
import { analyze, rebaseAnalysis, reanalyzeBinding, reanalyzeParen, reanalyzeRun, syntaxOnly, type Analysis } from '../analysis/index.js';
import { computeDiagnostics } from './diagnostics/index.js';
import type { Diagnostic } from './types.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { EMPTY_INDEX } from './nixosContext.js';

/** The NixOS knowledge the diagnostics read, asked for when they are computed (it may be replaced). */
export type IndexSource = () => NixosIndex;
const noIndex: IndexSource = () => EMPTY_INDEX;

/** Files above this many UTF-16 code units get syntax-only features (the `maxFileSize` setting's default). */
export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

/** One version of a document, as the editor has it (an LSP TextDocument is one). */
export interface DocumentSnapshot {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

export class DocumentState {
  private parsed: ParseResult | undefined;
  private analysed: Analysis | undefined;
  private lineIndex: LineIndex | undefined;
  private found: readonly Diagnostic[] | undefined;
  /** The NixOS index `found` was worked out with: a newer one (a source loaded) makes it stale. */
  private foundWith: NixosIndex | undefined;
  /** The previous version's analysis, still true of this version's tree but for `renamed` (see rebaseAnalysis). */
  private inherited: { analysis: Analysis; how: Reparsed } | undefined;
  /**
   * A large file's tree, held weakly: the requests that follow an edit share
   * one parse, and the garbage collector may take it back after them.
   */
  private largeTree: WeakRef<Analysis> | undefined;
  /**
   * The tree an edit could not update and had to parse whole, kept a while
   * for the edit that brings its text back: a `"` typed with nothing
   * auto-closed pairs the rest of the file's quotes the other way, so its
   * tree and the one before differ to the end of the file; the closing `"`
   * (or the opening one backspaced) makes a text close to the tree before
   * again, which that tree takes as a small edit. Handed on from version to
   * version, with its analysis if it had one.
   */
  private alternate: Alternate | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** Above the size limit: syntax only, no analysis kept in memory. */
    readonly large: boolean,
    /**
     * The newest older version that has a tree: the first parse of this one
     * tries to update that tree in place (see syntax/incremental.ts).
     */
    private previous?: DocumentState,
    /** The line index of the version before, if made: this one's is made from it. */
    private previousLines?: LineIndex,
    private readonly nixos: IndexSource = noIndex,
  ) {}

  get lines(): LineIndex {
    if (this.lineIndex) return this.lineIndex;
    const prev = this.previousLines;
    this.previousLines = undefined;
    if (prev) {
      const span = changedSpan(prev.text, this.text);
      return (this.lineIndex = LineIndex.edited(prev, this.text, span.start, span.oldEnd, span.newEnd));
    }
    return (this.lineIndex = new LineIndex(this.text));
  }

  /**
   * The newest line index made, this version's or an older one's (without
   * making one): the next version's is made from it, however many versions
   * back it is (versions without diagnostics never need theirs).
   */
  get builtLines(): LineIndex | undefined {
    return this.lineIndex ?? this.previousLines;
  }

  /** The tree this version owns, if computed (without computing it). */
  private get ownTree(): ParseResult | undefined {
    return this.analysed?.parse ?? this.parsed;
  }

  /** This version's tree, already computed, or else the previous version's (for the next one to build on). */
  get basis(): DocumentState | undefined {
    return this.ownTree ? this : this.previous;
  }

  /**
   * Hand the tree over to a newer version, which updates it in place. Should
   * anything still ask this version, it parses its own text afresh.
   */
  private giveTree(): ParseResult | undefined {
    const p = this.ownTree;
    this.parsed = undefined;
    this.analysed = undefined;
    this.inherited = undefined;
    return p;
  }

  /** This version's tree and analysis, given up to be kept as the next version's alternate. */
  private asAlternate(): Alternate | undefined {
    const analysis = this.analysed;
    const parse = this.giveTree();
    return parse && { text: this.text, parse, analysis, age: 0 };
  }

  get parse(): ParseResult {
    if (this.analysed) return this.analysed.parse;
    if (this.parsed) return this.parsed;
    const prev = this.previous;
    this.previous = undefined;
    if (prev && !this.large && prev.ownTree) {
      const prevAnalysis = prev.analysed;
      const alt = prev.alternate;
      prev.alternate = undefined;
      const r = reparseInPlace(prev.ownTree, prev.text, this.text);
      if (r) {
        prev.giveTree();
        if (alt && ++alt.age < MAX_ALTERNATE_AGE) this.alternate = alt;
        if (prevAnalysis) this.inherited = { analysis: prevAnalysis, how: r };
        return (this.parsed = r.parse);
      }
      // the tree kept from before the last whole parse may take this text as a small edit;
      // the previous tree is kept in its place (or, when neither will do, before this whole parse)
      const back = alt && (alt.text === this.text ? { parse: alt.parse, sameShape: true, renamed: [] } : reparseInPlace(alt.parse, alt.text, this.text));
      this.alternate = prev.asAlternate();
      if (back) {
        if (alt.analysis) this.inherited = { analysis: alt.analysis, how: back };
        return (this.parsed = back.parse);
      }
    }
    if (this.large) return this.syntax.parse;
    return (this.parsed = parse(this.text));
  }

  /**
   * What the features that need only the tree read: the analysis, or for a
   * large file (which gets none) the tree with no names resolved. A large
   * file's tree is not kept: it is parsed again when the one held weakly is gone.
   */
  get syntax(): Analysis {
    const a = this.analysis;
    if (a) return a;
    let s = this.largeTree?.deref();
    if (!s) {
      s = syntaxOnly(this.text, parse(this.text));
      this.largeTree = new WeakRef(s);
    }
    return s;
  }

  /** Undefined for large files, which get syntax-only features. */
  get analysis(): Analysis | undefined {
    if (this.large) return undefined;
    if (this.analysed) return this.analysed;
    const p = this.parse;
    const carried = this.inherited;
    this.inherited = undefined;
    let carriedOver: Analysis | undefined;
    const how = carried?.how;
    if (carried && how?.replacedRun) {
      const { list, old, next } = how.replacedRun;
      carriedOver = reanalyzeRun(carried.analysis, this.text, p, list, old, next);
    } else if (carried && how?.replacedParen) carriedOver = reanalyzeParen(carried.analysis, this.text, p, how.replacedParen.old, how.replacedParen.next);
    else if (carried && how?.replaced) carriedOver = reanalyzeBinding(carried.analysis, this.text, p, how.replaced.old, how.replaced.next);
    else if (carried && how?.sameShape) carriedOver = rebaseAnalysis(carried.analysis, this.text, p, how.renamed);
    this.analysed = carriedOver ?? analyze(this.text, p);
    this.parsed = undefined;
    return this.analysed;
  }

  /**
   * Everything reported on this version (syntax only for a large file),
   * worked out once: publishing and code actions share it, so the fixes a
   * code action offers are those carried on what was published.
   */
  get diagnostics(): readonly Diagnostic[] {
    const nixos = this.nixos();
    if (this.found && this.foundWith === nixos) return this.found;
    this.foundWith = nixos;
    const a = this.analysis;
    if (a) return (this.found = computeDiagnostics(a, nixos));
    return (this.found = this.parse.errors.map((e) => ({ start: e.start, end: e.end, severity: 'error', code: e.code, message: e.message })));
  }
}

/** A tree kept for a later version (see DocumentState.alternate): its text, its analysis if made. */
interface Alternate {
  text: string;
  parse: ParseResult;
  analysis: Analysis | undefined;
  /** Versions it was handed on without use: it is dropped after MAX_ALTERNATE_AGE. */
  age: number;
}

/** Versions an alternate tree is kept for unused: a burst of typing, after which its memory goes. */
const MAX_ALTERNATE_AGE = 200;

/**
 * The open documents, each at its newest version. Every result is keyed by
 * the version: a new version drops the old results, so nothing stale is
 * ever served, and nothing is computed until a request needs it.
 */
export class AnalysisHost {
  private states = new Map<string, DocumentState>();

  constructor(
    private maxFileSize: () => number = () => DEFAULT_MAX_FILE_SIZE,
    /** The NixOS knowledge for the option and package checks. */
    private nixos: IndexSource = noIndex,
  ) {}

  get(doc: DocumentSnapshot): DocumentState {
    const known = this.states.get(doc.uri);
    if (known && known.version === doc.version) return known;
    const text = doc.getText();
    const state = new DocumentState(doc.uri, doc.version, text, text.length > this.maxFileSize(), known?.basis, known?.builtLines, this.nixos);
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

/** A document read once (no earlier version to build on), as `check` reads files. */
export function analyseText(uri: string, text: string, maxFileSize = DEFAULT_MAX_FILE_SIZE, nixos: NixosIndex = EMPTY_INDEX): DocumentState {
  return new DocumentState(uri, 0, text, text.length > maxFileSize, undefined, undefined, () => nixos);
}

/** Everything reported on a document: syntax only for large files. */
export function diagnosticsOf(s: DocumentState): readonly Diagnostic[] {
  return s.diagnostics;
}
