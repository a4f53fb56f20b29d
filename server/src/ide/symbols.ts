// Document outline and workspace symbol search. Pure: analysis in, plain data out.
// A configuration reads best by attribute path, so `services.openssh.enable = true;`
// is ONE symbol named `services.openssh.enable`; nested sets nest. A module
// `{ config, pkgs, ... }: { ... }` shows its body's attributes at the top level
// (the formals are not listed: they are the same in every module).
import { SyntaxKind as K, SyntaxNode, Binding, Inherit, exprChildren, unparen, staticStringValue } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';
import type { TextRange } from './types.js';

export type DocSymbolKind =
  | 'namespace' | 'object' | 'property' | 'function' | 'variable' | 'array'
  | 'string' | 'number' | 'boolean' | 'null' | 'key';

export interface DocSymbol {
  name: string;
  detail?: string;
  kind: DocSymbolKind;
  range: TextRange;
  selectionRange: TextRange;
  children: DocSymbol[];
}

const r = (n: { start: number; end: number }): TextRange => ({ start: n.start, end: n.end });
const MAX_DETAIL = 60;

function shortText(a: Analysis, n: SyntaxNode): string {
  const t = a.text.slice(n.start, n.end).replace(/\s+/g, ' ');
  return t.length > MAX_DETAIL ? t.slice(0, MAX_DETAIL - 1) + '…' : t;
}

/** Kind and detail of a value, plus the node whose bindings become children. */
function describe(a: Analysis, value: SyntaxNode | undefined, asVariable: boolean): { kind: DocSymbolKind; detail?: string; inner?: SyntaxNode } {
  const v = unparen(value);
  if (!v) return { kind: asVariable ? 'variable' : 'property' };
  switch (v.kind) {
    case K.AttrSet:
      return { kind: asVariable ? 'variable' : 'object', detail: v.token(K.Rec) ? 'rec { … }' : undefined, inner: v };
    case K.Lambda:
      return { kind: 'function', detail: shortText(a, v).split(':')[0] + ': …', inner: v };
    case K.List: {
      const n = exprChildren(v).length;
      return { kind: 'array', detail: `[ ${n} item${n === 1 ? '' : 's'} ]` };
    }
    case K.String:
    case K.IndString: {
      const s = staticStringValue(v);
      return { kind: 'string', detail: s !== undefined ? shortText(a, v) : 'string' };
    }
    case K.Literal:
      return { kind: 'number', detail: shortText(a, v) };
    case K.IdentExpr: {
      const name = a.text.slice(v.start, v.end);
      if (name === 'true' || name === 'false') return { kind: 'boolean', detail: name };
      if (name === 'null') return { kind: 'null', detail: 'null' };
      return { kind: asVariable ? 'variable' : 'property', detail: name };
    }
    case K.LetIn:
    case K.WithExpr:
    case K.AssertExpr: {
      // `with pkgs; [ ... ]` is a list, `let ... in { ... }` a set: take the kind of the body.
      const body = exprChildren(v).at(-1);
      const inner = body && body.kind !== K.Binding ? describe(a, body, asVariable) : undefined;
      return { kind: inner?.kind ?? (asVariable ? 'variable' : 'property'), detail: shortText(a, v), inner: v };
    }
    case K.Apply:
      // `lib.mkIf cond { ... }`, `with pkgs; [ ... ]`, `let ... in { ... }`: outline the set inside.
      return { kind: asVariable ? 'variable' : 'property', detail: shortText(a, v), inner: v };
    default:
      return { kind: asVariable ? 'variable' : 'property', detail: shortText(a, v) };
  }
}

/** Symbols for the bindings of a set/let/the value inside wrappers. */
function symbolsOf(a: Analysis, node: SyntaxNode | undefined, depth: number): DocSymbol[] {
  const n = unparen(node);
  if (!n || depth > 64) return [];
  switch (n.kind) {
    case K.AttrSet:
      return bindingSymbols(a, n, false, depth);
    case K.LetIn: {
      const vars = bindingSymbols(a, n, true, depth);
      const body = exprChildren(n).at(-1);
      return [...vars, ...(body && body.kind !== K.Binding ? symbolsOf(a, body, depth + 1) : [])];
    }
    case K.LegacyLet:
      return bindingSymbols(a, n, true, depth);
    case K.Lambda: {
      const cs = exprChildren(n);
      return symbolsOf(a, cs[cs.length - 1], depth + 1);
    }
    case K.WithExpr:
    case K.AssertExpr:
      return symbolsOf(a, exprChildren(n).at(-1), depth + 1);
    case K.Apply: {
      // The last argument that is a set/let/lambda (`lib.mkIf c { ... }`, `mkMerge [...]` skipped).
      const cs = exprChildren(n);
      const last = unparen(cs[cs.length - 1]);
      if (last && (last.kind === K.AttrSet || last.kind === K.LetIn)) return symbolsOf(a, last, depth + 1);
      return [];
    }
    default:
      return [];
  }
}

function bindingSymbols(a: Analysis, owner: SyntaxNode, isLet: boolean, depth: number): DocSymbol[] {
  const out: DocSymbol[] = [];
  for (const c of owner.childNodes()) {
    if (c.kind === K.Binding) {
      const b = new Binding(c);
      const path = b.attrPath();
      if (!path) continue;
      const value = b.value();
      const d = describe(a, value, isLet);
      if (isLet && d.kind !== 'function') d.kind = 'variable';
      out.push({
        name: path.toString(),
        ...(d.detail !== undefined ? { detail: d.detail } : {}),
        kind: d.kind,
        range: r(c),
        selectionRange: r(path),
        children: d.inner ? symbolsOf(a, d.inner, depth + 1) : [],
      });
    } else if (c.kind === K.Inherit_) {
      const inh = new Inherit(c);
      const from = inh.from();
      for (const attr of inh.attrs()) {
        const name = attr.name;
        if (name === undefined) continue;
        out.push({
          name,
          detail: from ? `inherit (${shortText(a, from)})` : 'inherit',
          kind: isLet ? 'variable' : 'property',
          range: r(c),
          selectionRange: r(attr),
          children: [],
        });
      }
    }
  }
  return out;
}

export function documentSymbols(a: Analysis): DocSymbol[] {
  const root = exprChildren(a.tree)[0];
  return symbolsOf(a, root, 0);
}

// ------------------------------------------------------------------ workspace

export interface WorkspaceSymbol {
  uri: string;
  name: string;
  containerName?: string;
  kind: DocSymbolKind;
  range: TextRange;
}

/**
 * Case-insensitive subsequence match score of `query` in `target`, or -1.
 * Higher is better: consecutive runs, matches at word starts (after `.`, `-`, `_`,
 * or a case change) and an early first match score more.
 */
export function fuzzyScore(query: string, target: string): number {
  if (query === '') return 0;
  const q = query.toLowerCase();
  const t = target.toLowerCase();
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (let qi = 0; qi < q.length; qi++) {
    const ch = q[qi]!;
    const found = t.indexOf(ch, ti);
    if (found < 0) return -1;
    let s = 1;
    if (found === prev + 1) s += 5;
    const before = target[found - 1];
    if (found === 0 || before === '.' || before === '-' || before === '_' || (before !== undefined && /[a-z]/.test(before) && /[A-Z]/.test(target[found]!)))
      s += 8;
    if (qi === 0) s -= Math.min(found, 10) * 0.5;
    score += s;
    prev = found;
    ti = found + 1;
  }
  if (t === q) score += 50;
  else if (t.endsWith(q)) score += 10;
  // Prefer shorter targets among equals.
  return score - target.length * 0.01;
}

/** Flat symbol entries across files, matched on the full dotted path, best first. */
export function workspaceSymbols(files: Array<{ uri: string; analysis: Analysis }>, query: string, limit = 500): WorkspaceSymbol[] {
  const scored: Array<{ s: WorkspaceSymbol; score: number }> = [];
  for (const f of files) {
    const visit = (syms: DocSymbol[], container: string | undefined) => {
      for (const s of syms) {
        const full = container ? `${container}.${s.name}` : s.name;
        const score = fuzzyScore(query, full);
        if (score >= 0)
          scored.push({
            s: { uri: f.uri, name: full, ...(container ? { containerName: container } : {}), kind: s.kind, range: s.selectionRange },
            score,
          });
        visit(s.children, full);
      }
    };
    visit(documentSymbols(f.analysis), undefined);
  }
  scored.sort((x, y) => y.score - x.score || x.s.name.localeCompare(y.s.name) || x.s.uri.localeCompare(y.s.uri) || x.s.range.start - y.s.range.start);
  return scored.slice(0, limit).map((x) => x.s);
}
