// What an analysis holds: the scopes of a file, the definitions in them, every
// variable reference and what it resolves to, and the `with`s references may
// read from. Plain data, filled in by the resolver and kept up to date across
// edits by re-analysis.
import type { ParseResult, SyntaxNode, TextRange } from '../syntax/index.js';

export type DefinitionKind =
  | 'let' // `let x = ...; in`
  | 'rec' // `rec { x = ...; }`
  | 'legacy-let' // `let { x = ...; body = ...; }`
  | 'param' // `x: ...`
  | 'formal' // `{ x, ... }: ...`
  | 'pattern-at'; // `args@{ ... }: ...`

export interface Definition {
  /** Unique among the definitions of the analysis (not an index: an edit can drop some and add others). */
  id: number;
  name: string;
  kind: DefinitionKind;
  /** Where the name is first written (read from the node, so always where it is now). */
  readonly range: TextRange;
  /** Every name node that defines it (`x.a = 1; x.b = 2;` has two). */
  nameNodes: SyntaxNode[];
  /** The nodes that bind it: Binding, Inherit_, PatEntry, PatBind, or the Lambda for a plain parameter. */
  sites: SyntaxNode[];
  scope: Scope;
  /** Set when it comes from `inherit x;` ('plain') or `inherit (e) x;` ('from'). */
  inherited?: 'plain' | 'from';
  /** The value expression of a single `x = value;` (or a formal's default). */
  value?: SyntaxNode;
  references: Reference[];
}

export type ScopeKind = 'let' | 'rec' | 'legacy-let' | 'lambda';

export interface Scope {
  kind: ScopeKind;
  node: SyntaxNode;
  defs: Map<string, Definition>;
  parent: Scope | undefined;
}

export type Resolution =
  | { kind: 'local'; definition: Definition }
  | { kind: 'builtin'; name: string }
  /** Only known at run time: the enclosing `with` expressions, innermost first. */
  | { kind: 'with'; withs: SyntaxNode[] }
  | { kind: 'undefined' };

export interface Reference {
  name: string;
  /** The IdentExpr (or, in `inherit "x";`, the String) naming it. */
  node: SyntaxNode;
  /** The node's range (read from the node, so always where it is now). */
  readonly range: TextRange;
  resolution: Resolution;
  /** The `inherit` node when the reference is a name of `inherit x;` (no source). */
  inherit?: SyntaxNode;
  /** Enclosing `with` nodes, innermost first (also when the name resolved statically). */
  withs: SyntaxNode[];
  /** @internal The innermost scope the name was looked up from (see rebaseAnalysis). */
  scope: Scope | undefined;
  /** @internal Unique, and greater for a newer reference: what caches of results over references compare. */
  readonly serial: number;
}

export interface WithInfo {
  node: SyntaxNode;
  /** References whose value may come from this `with`. */
  references: Reference[];
}

export interface Analysis {
  text: string;
  parse: ParseResult;
  tree: SyntaxNode;
  scopes: Scope[];
  definitions: Definition[];
  references: Reference[];
  withs: WithInfo[];
  /** The scope a Lambda / LetIn / rec AttrSet / LegacyLet node opens. */
  scopeOf: Map<SyntaxNode, Scope>;
  /** Name node -> the definition it writes. */
  definitionOfName: Map<SyntaxNode, Definition>;
  /** Name node -> the reference it makes. */
  referenceOfNode: Map<SyntaxNode, Reference>;
}

/**
 * A tree with no names resolved: what the syntax-only features of a file over
 * the size limit read (outline, folding, selection, links, and semantic
 * tokens by syntax alone), for which no analysis is made.
 */
export function syntaxOnly(text: string, parsed: ParseResult): Analysis {
  return {
    text,
    parse: parsed,
    tree: parsed.tree,
    scopes: [],
    definitions: [],
    references: [],
    withs: [],
    scopeOf: new Map(),
    definitionOfName: new Map(),
    referenceOfNode: new Map(),
  };
}

/**
 * Nodes the resolver came across that diagnostics need too, so they can skip
 * walking the whole tree again. Every node of the tree is either handled by
 * the resolver (each LetIn, LegacyLet, Inherit_ and UriExpr it handles is
 * listed here, each WithExpr is in `Analysis.withs` and each `rec` set with a
 * scope in `Analysis.scopes`) or inside one of the `unvisited` subtrees, which
 * it never looks into (minus the `skip` subtree of the same index, when set),
 * or is the IdentExpr of an attribute name (which holds only its token).
 * @internal
 */
export interface SeenNodes {
  letIns: SyntaxNode[];
  legacyLets: SyntaxNode[];
  inherits: SyntaxNode[];
  uris: SyntaxNode[];
  unvisited: SyntaxNode[];
  skip: Array<SyntaxNode | undefined>;
}

// Beside the analysis rather than in it: only `analyze` makes them, and an
// Analysis built elsewhere (syntaxOnly, tests) has none.
const nodesOf = new WeakMap<Analysis, SeenNodes>();

/** What `analyze` saw while resolving (undefined for an Analysis it did not make). @internal */
export function seenNodes(a: Analysis): SeenNodes | undefined {
  return nodesOf.get(a);
}

/** Records what `analyze` saw while resolving `a`. @internal */
export function keepSeenNodes(a: Analysis, seen: SeenNodes): void {
  nodesOf.set(a, seen);
}

export const rangeOf = (n: { start: number; end: number }): TextRange => ({ start: n.start, end: n.end });

// Ranges are read from the nodes when asked: after an edit the nodes know
// where they are now, and nothing has to copy every range again.
export class Def implements Definition {
  // (counted across analyses: an edit carries definitions over to the next one)
  private static lastId = 0;
  static nextId(): number {
    return ++Def.lastId;
  }
  readonly nameNodes: SyntaxNode[];
  readonly sites: SyntaxNode[];
  readonly references: Reference[] = [];
  inherited?: 'plain' | 'from';
  value?: SyntaxNode;
  constructor(
    readonly id: number,
    readonly name: string,
    readonly kind: DefinitionKind,
    nameNode: SyntaxNode,
    site: SyntaxNode,
    readonly scope: Scope,
  ) {
    this.nameNodes = [nameNode];
    this.sites = [site];
  }
  get range(): TextRange {
    return rangeOf(this.nameNodes[0]!);
  }
}

export class Ref implements Reference {
  // (counted across analyses: a newer reference, in any version, has a greater serial)
  private static lastSerial = 0;
  inherit?: SyntaxNode;
  readonly serial = ++Ref.lastSerial;
  constructor(
    public name: string,
    readonly node: SyntaxNode,
    public resolution: Resolution,
    readonly withs: SyntaxNode[],
    public scope: Scope | undefined,
  ) {}
  get range(): TextRange {
    return rangeOf(this.node);
  }
}
